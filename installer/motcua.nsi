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

Name "${APPNAME} ${VERSION}"
OutFile "..\dist\MotCuaXa-${VERSION}-setup.exe"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "Software\${APPKEY}" "InstallDir"
RequestExecutionLevel user

!include "MUI2.nsh"
!define MUI_ABORTWARNING
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

Section "Uninstall"
  ; Program files only: the dossiers in %LOCALAPPDATA%\MotCuaXa\MotCuaXa are the office's records.
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
  DeleteRegKey HKCU "Software\${APPKEY}"
SectionEnd
