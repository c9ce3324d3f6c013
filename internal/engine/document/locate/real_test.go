package locate

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/testenv"
)

// Expected outcomes on the shared real images. want is "edges" (the outline
// was seen; "edges+border" counts too), "scan" (the whole image is the
// document), "found" (either) or "none". Corners, where given, were read
// off the images by eye (the virtual corner of a rounded card) and are in
// the decoded (EXIF-upright) image's pixels; tol is a fraction of the image
// diagonal.
type realCase struct {
	file    string
	want    string
	corners *Quad
	tol     float64
	note    string
}

var realCases = map[string][]realCase{
	"passport-orientations": {
		// A stock photo of a data page filling the frame, with the stock
		// site's dark band along the bottom: the band has no outline of
		// its own, so the whole image is the scan. After DecodeFile all
		// eight EXIF orientations are the same upright image.
		{file: "Czech_passport_2005_MRZ_orient1_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient2_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient3_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient4_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient5_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient6_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient7_1300x1002.jpg", want: "scan"},
		{file: "Czech_passport_2005_MRZ_orient8_1300x1002.jpg", want: "scan"},
		{file: "Passport-Australia_1280x720.jpg", want: "scan"},
		{file: "Passport-Australia_1280x720_rotate+90.jpg", want: "scan"},
		{file: "Passport-Australia_1280x720_rotate-90.jpg", want: "scan"},
		// A closed passport (burgundy cover, gold print) at an angle on a
		// table: no data page, no dark print, and a page block breaking
		// the bottom edge. Not found (see the package's failure modes).
		{file: "Passport-France_1200x864.jpg", want: "none", note: "cover only"},
	},
	"icao-examples": {
		{file: "mrva.jpg", want: "found"},
		{file: "mrvb.jpg", want: "edges"},
		// A payment card: the right outline; rejecting it is the type
		// stage's job.
		{file: "nomrz.jpg", want: "edges", corners: &Quad{{228, 100}, {1051, 100}, {1051, 618}, {228, 618}}, tol: 0.01},
		// Open passport, two pages: the data page (lower) is picked.
		{file: "passport_uk.jpg", want: "edges", corners: &Quad{{3, 405}, {592, 405}, {592, 824}, {3, 824}}, tol: 0.02},
		{file: "td1.jpg", want: "edges", note: "front and back of a card: the front"},
		{file: "td2.jpg", want: "edges"},
		{file: "td3.jpg", want: "edges"},
	},
	"passport-scans/passporteye_mrz_testdata": {
		// Open Latvian passport on white, rotated: the data page (left).
		{file: "0_pass-lva.jpg", want: "edges", corners: &Quad{{117, 142}, {829, 178}, {833, 1308}, {114, 1333}}, tol: 0.02},
		{file: "0_id-esp.png", want: "found"},
		{file: "100_id-che.jpg", want: "found"},
		{file: "100_id-mac.jpg", want: "found"},
		{file: "100_id-rou.jpg", want: "found"},
		{file: "100_id-si.jpg", want: "found"},
		{file: "100_id-usa.jpg", want: "edges", note: "two cards side by side: one of them"},
		{file: "100_pass-bdr.jpg", want: "found"},
		{file: "100_pass-chn.jpg", want: "found"},
		{file: "100_pass-cze.jpg", want: "scan", note: "the portrait box must not win"},
		{file: "100_pass-cze2.jpg", want: "found"},
		{file: "100_pass-fin.png", want: "found"},
		{file: "100_pass-hrv.jpg", want: "found"},
		{file: "100_pass-isl.png", want: "found"},
		{file: "100_pass-ltu.jpg", want: "found"},
		{file: "100_pass-lux.jpg", want: "edges", note: "open passport on black, page cut by the frame"},
		{file: "100_pass-polx.jpg", want: "found"},
		{file: "100_pass-uto.jpg", want: "found"},
		{file: "100_pass2-uto.jpg", want: "found"},
		{file: "100_visa-polx.jpg", want: "found"},
		{file: "100_visa-usa.jpg", want: "found"},
		{file: "24_pass-egy.jpg", want: "found"},
		{file: "25_pass-uto.jpg", want: "found"},
		{file: "27_pass-gbr.jpg", want: "found"},
		{file: "33_id-usa.jpg", want: "edges", note: "two cards side by side: one of them"},
		{file: "43_pass-fra.jpg", want: "found"},
		{file: "43_pass-twn.jpg", want: "found"},
		{file: "53_id-d.jpg", want: "found"},
		{file: "62_pass-aus.png", want: "edges", note: "phone screenshot, page cut by the frame"},
		{file: "62_pass-pol.png", want: "found"},
		{file: "77_card-cmw.png", want: "found"},
		{file: "79_pass-can.jpg", want: "edges", corners: &Quad{{10, 7}, {466, 7}, {466, 305}, {10, 305}}, tol: 0.02},
		{file: "79_pass-hun.png", want: "found"},
		{file: "98_pass-nld.jpg", want: "found"},
	},
	"passport-scans/tests_data": {
		{file: "passport-td2.jpg", want: "edges"},
		{file: "passport-td2.png", want: "edges"},
		{file: "passport-td3.jpg", want: "edges"},
		{file: "passport-td3.png", want: "edges"},
	},
	"jp-licence-specimens/img": {
		{file: "driverslicense.png", want: "edges"},
		{file: "driverslicense_gray_bg.png", want: "edges"},
		{file: "driverslicense_no_bg.png", want: "found"},
		{file: "driverslicense_pitch.png", want: "edges", corners: &Quad{{72, 448}, {660, 448}, {690, 858}, {22, 858}}, tol: 0.02},
		{file: "driverslicense_roll.png", want: "edges", corners: &Quad{{240, 302}, {698, 662}, {490, 940}, {20, 562}}, tol: 0.02},
		{file: "driverslicense_small_margins.png", want: "edges"},
		{file: "driverslicense_mult.png", want: "edges", note: "two cards: one of them"},
		{file: "driverslicense_mult_gray_bg.png", want: "edges", note: "two cards: one of them"},
		{file: "just-the-license-number.png", want: "edges"},
		{file: "mynumber.png", want: "edges"},
		{file: "mynumber_no_bg.png", want: "found"},
		{file: "mynumber_small_margins.png", want: "edges"},
	},
	"korean-synthetic": {
		{file: "result_0.jpg", want: "found"},
		{file: "result_1.jpg", want: "scan", note: "the portrait box must not win"},
		{file: "result_2.jpg", want: "found"},
	},
}

// realNegatives are photos with no document: Locate must say so.
var realNegatives = map[string][]string{
	"deepface":                           {"img1.jpg", "img2.jpg", "img3.jpg", "img20.jpg", "img30.jpg", "couple.jpg", "selfie-many-people.jpg"},
	"human-samples":                      {"person-vlado.jpg", "person-vlado5.jpg", "stock-emotions-a-1.jpg"},
	"group-photos":                       {"sample1.jpg", "sample5.jpg"},
	"face-recognition-examples/examples": {"obama-720p.jpg"},
}

func decodeReal(t *testing.T, path string) *imaging.Image {
	t.Helper()
	img, _, err := imaging.DecodeFile(path, imaging.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestLocateRealDocuments(t *testing.T) {
	for dir, cases := range realCases {
		t.Run(dir, func(t *testing.T) {
			root := testenv.Data(t, "documents", dir)
			for _, c := range cases {
				t.Run(c.file, func(t *testing.T) {
					t.Parallel()
					path := filepath.Join(root, c.file)
					if _, err := os.Stat(path); err != nil {
						t.Skipf("%s absent: %v", path, err)
					}
					img := decodeReal(t, path)
					r := Locate(img)
					t.Logf("%s: found=%v method=%q conf=%.2f coverage=%.2f margin=%.3f aspect=%.2f kind=%s quad=%.0f %s",
						c.file, r.Found, r.Method, r.Confidence, r.Coverage, r.Margin, r.Aspect, r.Kind, r.Quad, c.note)
					switch c.want {
					case "none":
						if r.Found {
							t.Errorf("found a document, want none")
						}
						return
					case "edges":
						if r.Method != "edges" && r.Method != "edges+border" {
							t.Errorf("method %q, want the outline (edges)", r.Method)
						}
					case "scan":
						if r.Method != "scan" {
							t.Errorf("method %q, want scan", r.Method)
						}
					}
					if !r.Found {
						t.Fatalf("not found")
					}
					if c.corners != nil {
						diag := math.Hypot(float64(img.W), float64(img.H))
						if e := matchQuad(r.Quad, *c.corners); e > c.tol*diag {
							t.Errorf("corner error %.0f px (%.1f %% of diagonal), limit %.1f %%\n got %.0f\nwant %.0f",
								e, 100*e/diag, 100*c.tol, r.Quad, *c.corners)
						}
					}
				})
			}
		})
	}
}

func TestLocateRealNegatives(t *testing.T) {
	for dir, files := range realNegatives {
		t.Run(dir, func(t *testing.T) {
			root := testenv.Data(t, "faces", dir)
			for _, file := range files {
				t.Run(file, func(t *testing.T) {
					t.Parallel()
					path := filepath.Join(root, file)
					if _, err := os.Stat(path); err != nil {
						t.Skipf("%s absent: %v", path, err)
					}
					if r := Locate(decodeReal(t, path)); r.Found {
						t.Errorf("found %+v in a photo without a document", r)
					}
				})
			}
		})
	}
}
