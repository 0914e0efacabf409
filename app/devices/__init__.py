"""Adapters for devices at the desk (serial QR scanners). No Qt here: the GUI polls them on a worker."""
