//go:build cgo && !noturbo

package imaging

import "testing"

func TestPickFactor(t *testing.T) {
	fs := turboFactors()
	if len(fs) < 8 {
		t.Fatalf("libjpeg-turbo offers only %d scaling factors", len(fs))
	}
	tests := []struct {
		w, h, maxSide int
		want          scaleFactor
	}{
		{4000, 3000, 2048, scaleFactor{1, 2}}, // 2000: within the 5% slack
		{4032, 3024, 2048, scaleFactor{1, 2}}, // iPhone 12 MP: 2016
		{4000, 3000, 2500, scaleFactor{5, 8}}, // 1/2 would be 20% short
		{4000, 3000, 2000, scaleFactor{1, 2}}, // exactly half
		{4000, 3000, 1000, scaleFactor{1, 4}},
		{4000, 3000, 100, scaleFactor{1, 8}},  // smallest available
		{3000, 4000, 2048, scaleFactor{1, 2}}, // portrait: long side counts
		{4608, 3456, 2048, scaleFactor{1, 2}}, // 2304, resized afterwards
		{6000, 4000, 2048, scaleFactor{3, 8}}, // 2250; 1/4 would be 1500
		{1920, 1280, 2048, scaleFactor{1, 1}}, // already small enough
		{2048, 100, 2048, scaleFactor{1, 1}},
		{2049, 100, 2048, scaleFactor{1, 1}}, // 7/8 would go far below 2048
		{4000, 3000, 0, scaleFactor{1, 1}},   // no limit
	}
	for _, tc := range tests {
		got := pickFactor(tc.w, tc.h, tc.maxSide, fs)
		if got.num*tc.want.denom != tc.want.num*got.denom {
			t.Errorf("%dx%d max %d: %d/%d, want %d/%d", tc.w, tc.h, tc.maxSide, got.num, got.denom, tc.want.num, tc.want.denom)
		}
		if tc.maxSide > 0 && max(tc.w, tc.h) > tc.maxSide && float64(got.scaled(max(tc.w, tc.h))) < (1-dctSlack)*float64(tc.maxSide) {
			t.Errorf("%dx%d max %d: scaled more than the slack below MaxSide", tc.w, tc.h, tc.maxSide)
		}
	}
}

func TestBenignWarning(t *testing.T) {
	for msg, want := range map[string]bool{
		"Corrupt JPEG data: 3 extraneous bytes before marker 0xd9": true,
		"Warning: unknown JFIF revision number 2.05":               true,
		"Corrupt JPEG data: premature end of data segment":         false,
		"Premature end of JPEG file":                               false,
		"Corrupt JPEG data: bad Huffman code":                      false,
	} {
		if benignWarning(msg) != want {
			t.Errorf("%q: want benign=%v", msg, want)
		}
	}
}
