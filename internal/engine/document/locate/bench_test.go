package locate

import (
	"path/filepath"
	"testing"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/testenv"
)

// BenchmarkLocate times Locate on 2000×1500 photos (target ≤ 40 ms on the
// 2-core development machine): a synthetic card on a busy background, and
// a real photo from the shared data when present.
func BenchmarkLocate(b *testing.B) {
	b.Run("synthetic-2000x1500", func(b *testing.B) {
		p := placement{w: 2000, h: 1500, coverage: 0.4, angle: 20, tilt: 0.08}
		img, _ := render(synthCard(), makeBackground(bgClutter, p.w, p.h, 3), p)
		b.ResetTimer()
		for b.Loop() {
			if !Locate(img).Found {
				b.Fatal("not found")
			}
		}
	})
	b.Run("photo-2000x1500", func(b *testing.B) {
		dir := testenv.Data(b, "documents", "passport-scans", "passporteye_mrz_testdata")
		src, _, err := imaging.DecodeFile(filepath.Join(dir, "0_pass-lva.jpg"), imaging.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		img := imaging.Resize(src, 2000, 1500)
		b.ResetTimer()
		for b.Loop() {
			Locate(img)
		}
	})
	b.Run("rectify-1000", func(b *testing.B) {
		p := placement{w: 2000, h: 1500, coverage: 0.4, angle: 20, tilt: 0.08}
		img, q := render(synthCard(), makeBackground(bgPlain, p.w, p.h, 3), p)
		b.ResetTimer()
		for b.Loop() {
			Rectify(img, q, 1000)
		}
	})
}
