package imaging

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// This file reads the little metadata Decode needs straight from the bytes:
// the EXIF orientation (phones store portrait photos sideways and rely on
// the viewer to rotate them) and, for JPEG, whether the file is complete.
// Everything here parses hostile input, so every offset is bounds-checked
// and every loop advances by at least one byte or is bounded by a count.

// jpegLayout is what a walk over a JPEG's marker segments learns.
type jpegLayout struct {
	exif     []byte // TIFF payload of the first APP1 "Exif" segment, nil if none
	complete bool   // an EOI marker follows the entropy-coded data
}

// scanJPEG walks the marker segments from SOI to EOI. It only needs to be
// right for well-formed files (anything else is the decoder's business):
// a file without an EOI after its scans is reported incomplete, which is how
// a truncated upload is caught before decoding.
func scanJPEG(b []byte) jpegLayout {
	var lay jpegLayout
	i := 2 // after SOI
	for i+1 < len(b) {
		if b[i] != 0xff {
			// Garbage between segments: libjpeg skips it with a warning, so
			// resynchronise on the next 0xFF.
			i++
			continue
		}
		m := b[i+1]
		switch {
		case m == 0xff: // fill byte
			i++
			continue
		case m == 0xd9: // EOI
			lay.complete = true
			return lay
		case m == 0x00 || m == 0x01 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7):
			// Standalone markers (and a stray stuffed byte) carry no length.
			i += 2
			continue
		}
		if i+4 > len(b) {
			return lay
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return lay
		}
		seg := b[i+4 : i+2+n]
		if m == 0xe1 && lay.exif == nil && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			lay.exif = seg[6:]
		}
		i += 2 + n
		if m == 0xda { // SOS: skip the entropy-coded data to the next marker
			i = skipEntropy(b, i)
		}
	}
	return lay
}

// skipEntropy returns the offset of the first real marker at or after i in
// entropy-coded data, where 0xFF is always followed by a stuffed 0x00, a
// restart marker or more fill bytes; len(b) if the data runs out.
func skipEntropy(b []byte, i int) int {
	for i < len(b) {
		j := bytes.IndexByte(b[i:], 0xff) // vectorised: this scans megabytes
		if j < 0 {
			return len(b)
		}
		i += j
		if i+1 >= len(b) {
			return len(b)
		}
		switch c := b[i+1]; {
		case c == 0x00 || (c >= 0xd0 && c <= 0xd7):
			i += 2
		case c == 0xff:
			i++
		default:
			return i
		}
	}
	return len(b)
}

// exifOrientation returns the orientation tag (0x0112) of IFD0 of a TIFF
// structure, or 1 when it is absent or anything about it is malformed.
// Only IFD0 is read and IFD links are never followed, so a hostile file
// cannot make this loop: the work is bounded by the entry count, itself
// bounded by the payload size.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	count := int64(bo.Uint16(t[off:]))
	first := off + 2
	if avail := (int64(len(t)) - first) / 12; count > avail {
		count = avail // a truncated directory: read the entries that exist
	}
	for k := range count {
		e := t[first+12*k : first+12*k+12]
		if bo.Uint16(e) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(e[2:]), bo.Uint32(e[4:])
		if n < 1 {
			return 1
		}
		var v uint32
		switch typ {
		case 3: // SHORT, the type the standard mandates
			v = uint32(bo.Uint16(e[8:]))
		case 4: // LONG, written by a few broken tools
			v = bo.Uint32(e[8:])
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}

// pngExif returns the payload of a PNG eXIf chunk, nil if none. Chunk
// lengths are bounds-checked and the walk always moves forward.
func pngExif(b []byte) []byte {
	i := 8
	for i+12 <= len(b) {
		n := int64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		end := int64(i) + 12 + n
		if end > int64(len(b)) {
			return nil
		}
		switch typ {
		case "eXIf":
			return b[i+8 : i+8+int(n)]
		case "IEND":
			return nil
		}
		i = int(end)
	}
	return nil
}

// webpExif returns the payload of a WebP EXIF chunk, nil if none. Some
// writers keep JPEG's "Exif\0\0" prefix, which is stripped.
func webpExif(b []byte) []byte {
	i := 12
	for i+8 <= len(b) {
		n := int64(binary.LittleEndian.Uint32(b[i+4:]))
		end := int64(i) + 8 + n
		if end > int64(len(b)) {
			return nil
		}
		if string(b[i:i+4]) == "EXIF" {
			p := b[i+8 : end]
			if len(p) >= 6 && string(p[:6]) == "Exif\x00\x00" {
				p = p[6:]
			}
			return p
		}
		i = int(end + end&1) // chunks are padded to an even size
	}
	return nil
}

// checkWebPFeatures refuses animated WebP up front: x/image/webp cannot
// decode it and would only report a generic format error.
func checkWebPFeatures(b []byte) error {
	if len(b) >= 21 && string(b[12:16]) == "VP8X" && b[20]&0x02 != 0 {
		return fmt.Errorf("%w: animated WebP", ErrUnsupported)
	}
	return nil
}
