"""Photographs: inspection, EXIF, previews and thumbnails.  No Qt, no store: pure functions on bytes."""
