package imaging

// Orient returns src transformed for display according to an EXIF
// orientation value (1 = as stored, 2 = mirrored, 3 = rotated 180°,
// 4 = flipped vertically, 5 = transposed, 6 = needs a 90° clockwise turn,
// 7 = transversed, 8 = needs a 90° counter-clockwise turn). Values 5–8 swap
// width and height. src is returned unchanged for 1 and unknown values.
func Orient(src *Image, o int) *Image {
	if o < 2 || o > 8 || !src.valid() {
		return src
	}
	W, H := src.W, src.H
	// For each orientation: the source pixel index of output (0,0) and the
	// source index steps for one output column and one output row.
	var base, sx, sy int
	switch o {
	case 2:
		base, sx, sy = W-1, -1, W
	case 3:
		base, sx, sy = (H-1)*W+W-1, -1, -W
	case 4:
		base, sx, sy = (H-1)*W, 1, -W
	case 5:
		base, sx, sy = 0, W, 1
	case 6:
		base, sx, sy = (H-1)*W, -W, 1
	case 7:
		base, sx, sy = (H-1)*W+W-1, -W, -1
	case 8:
		base, sx, sy = W-1, W, -1
	}
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	dst := New(dw, dh)
	if o <= 4 {
		orientRows(src, dst, o)
		return dst
	}
	s, d := src.Pix, dst.Pix
	// The transposing orientations read the source down columns; working in
	// tiles keeps those reads within a few cache lines.
	const tile = 16
	tiles := (dh + tile - 1) / tile
	parallel(tiles, int64(dw)*int64(dh), func(ta, tb int) {
		for ty := ta * tile; ty < min(tb*tile, dh); ty += tile {
			ye := min(ty+tile, dh)
			for tx := 0; tx < dw; tx += tile {
				xe := min(tx+tile, dw)
				for y := ty; y < ye; y++ {
					si := 3 * (base + y*sy + tx*sx)
					step := 3 * sx
					row := d[3*(y*dw+tx) : 3*(y*dw+xe)]
					for i := 0; i+2 < len(row); i += 3 {
						p := s[si : si+3 : si+3]
						row[i], row[i+1], row[i+2] = p[0], p[1], p[2]
						si += step
					}
				}
			}
		}
	})
	return dst
}

// orientRows handles the orientations that keep rows as rows (2, 3, 4):
// each output row is a source row, copied or reversed.
func orientRows(src, dst *Image, o int) {
	W, H := src.W, src.H
	parallel(H, int64(W)*int64(H), func(ya, yb int) { orientRowRange(src, dst, o, ya, yb) })
}

func orientRowRange(src, dst *Image, o, ya, yb int) {
	W, H := src.W, src.H
	n := 3 * W
	for y := ya; y < yb; y++ {
		sy := y
		if o == 3 || o == 4 {
			sy = H - 1 - y
		}
		s := src.Pix[sy*n : sy*n+n]
		d := dst.Pix[y*n : y*n+n]
		if o == 4 {
			copy(d, s)
			continue
		}
		// Mirror: pixel x of d is pixel W-1-x of s.
		j := n - 3
		for i := 0; i+2 < len(d) && j >= 0; i += 3 {
			p := s[j : j+3 : j+3]
			d[i], d[i+1], d[i+2] = p[0], p[1], p[2]
			j -= 3
		}
	}
}

// FlipH returns src mirrored left to right (selfie cameras, augmentation).
func FlipH(src *Image) *Image {
	if !src.valid() {
		return &Image{}
	}
	return Orient(src, 2)
}

// Rotate90 returns src rotated clockwise by quarterTurns quarter turns
// (negative values turn counter-clockwise). It always returns a new image.
func Rotate90(src *Image, quarterTurns int) *Image {
	if !src.valid() {
		return &Image{}
	}
	switch ((quarterTurns % 4) + 4) % 4 {
	case 1:
		return Orient(src, 6)
	case 2:
		return Orient(src, 3)
	case 3:
		return Orient(src, 8)
	}
	return src.Clone()
}
