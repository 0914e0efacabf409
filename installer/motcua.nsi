; Một Cửa Xã – Windows setup wrapper around the PyInstaller one-folder bundle (dist\MotCua).
; Build on Windows (or Linux: apt-get install nsis) AFTER the bundle:  makensis installer\motcua.nsi
; Per-user install: no administrator rights needed on a commune PC; data stays in %LOCALAPPDATA%\MotCuaXa.
Unicode true
SetCompressor /SOLID lzma

!define APPNAME "Một Cửa Xã"
!define APPKEY "MotCuaXa"
!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef DIST
  !define DIST "..\dist\MotCua"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\MotCuaXa-${VERSION}-setup.exe"
!endif
; The hub's port (server/cli.py serve --port) and DNS-SD's (server/discovery.py).
!define HUBPORT 8080
!define MDNSPORT 5353
!define FWRULE "${APPNAME} - máy chủ xã"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "Software\${APPKEY}" "InstallDir"
RequestExecutionLevel user

!include "MUI2.nsh"
!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\MotCuaXa.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Section "Cài đặt"
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program files only; the data directory is never touched.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*.*"
  WriteRegStr HKCU "Software\${APPKEY}" "InstallDir" "$INSTDIR"
  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\MotCuaXa.exe"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\MotCuaXa.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}" "NoModify" 1
SectionEnd

; Optional: this PC is the commune's office hub ("Máy này làm máy chủ xã", docs/office-hub.md).
; The desks reach it on TCP 8080 over the LAN, so Windows Firewall needs an inbound rule for the
; program, on the Private and Domain profiles only (never Public: a hub must not listen on a café's
; Wi-Fi). Adding a rule needs an administrator: one elevated cmd runs the three netsh commands (one
; UAC prompt; each ExecShellWait "runas" would prompt again), the rest of the install stays
; per-user. The rules: TCP 8080 for the desks' sync, UDP 5353 so that the hub's DNS-SD announce
; answers the desks' Settings (a manual address works without it). Any older rule of that name
; goes first, so a reinstall never stacks duplicates. The app also starts at login on this PC.
Section /o "Máy chủ xã (mở tường lửa cho mạng nội bộ)" SecHub
  CreateShortcut "$SMSTARTUP\${APPNAME}.lnk" "$INSTDIR\MotCuaXa.exe"
  ExecShellWait "runas" "$SYSDIR\cmd.exe" '/s /c "netsh advfirewall firewall delete rule name="${FWRULE}" & netsh advfirewall firewall add rule name="${FWRULE}" dir=in action=allow program="$INSTDIR\MotCuaXa.exe" enable=yes profile=private,domain protocol=TCP localport=${HUBPORT} & netsh advfirewall firewall add rule name="${FWRULE}" dir=in action=allow program="$INSTDIR\MotCuaXa.exe" enable=yes profile=private,domain protocol=UDP localport=${MDNSPORT}"' SW_HIDE
  ; A LAN classed Public gets no rule (and Windows blocks the hub there): say so, with the fix.
  nsExec::ExecToStack 'powershell -NoProfile -Command "(Get-NetConnectionProfile | Where-Object NetworkCategory -eq Public | Measure-Object).Count"'
  Pop $0
  Pop $1
  StrCmp $0 "0" 0 hub_done
  StrCpy $1 $1 1
  StrCmp $1 "0" hub_done
  StrCmp $1 "" hub_done
    MessageBox MB_ICONEXCLAMATION|MB_OK "Mạng của máy này đang được Windows xếp loại Công cộng (Public).$\r$\nCác máy trạm sẽ không kết nối được tới máy chủ xã.$\r$\nHãy đổi sang mạng Riêng tư (Private): Cài đặt > Mạng và Internet > Thuộc tính mạng > Riêng tư."
  hub_done:
SectionEnd

Section "Uninstall"
  ; Program files only: the dossiers in %LOCALAPPDATA%\MotCuaXa\MotCuaXa are the office's records.
  Delete "$DESKTOP\${APPNAME}.lnk"
  ; The firewall rules of the office hub, if the component was installed (its login shortcut says
  ; so): needs an administrator, one UAC prompt; a plain desk is never asked.
  IfFileExists "$SMSTARTUP\${APPNAME}.lnk" 0 no_hub_rules
    ExecShellWait "runas" "netsh" 'advfirewall firewall delete rule name="${FWRULE}"' SW_HIDE
  no_hub_rules:
  Delete "$SMSTARTUP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
  DeleteRegKey HKCU "Software\${APPKEY}"
SectionEnd
