package docgen

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestGlyphCoverage checks every string of the tables against every font
// it is drawn in: a missing glyph would print a tofu box, and the truth
// would claim text the image does not show.
func TestGlyphCoverage(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	check := func(what string, s string, fonts ...fontID) {
		t.Helper()
		for _, f := range fonts {
			for _, r := range s {
				if r == ' ' {
					continue
				}
				if g, err := fs.fonts[f].GlyphIndex(&buf, r); err != nil || g == 0 {
					t.Errorf("%s: font %d has no glyph for %q in %q", what, f, r, s)
				}
			}
		}
	}
	names := func(what string, ns nameSet, native, latin []fontID) {
		var all []nameEntry
		for _, s := range ns.surnames {
			all = append(all, s.masc, s.fem)
		}
		all = append(append(all, ns.female...), ns.male...)
		for _, n := range all {
			check(what, n.native+n.kana, native...)
			lat := n.latin
			if lat == "" { // Russian: the Latin form is computed
				lat = transliterate(n.native)
			}
			check(what, lat, latin...)
			check(what, asciiName(lat), mono)
		}
	}
	latin := []fontID{sans, sansBold, mono}
	names("Korean names", korNames, []fontID{krSans, krBold}, latin)
	names("Japanese names", jpnNames, []fontID{jpSans, jpSerif}, latin)
	names("Chinese names", chnNames, []fontID{scSans, scBold}, latin)
	names("Russian names", rusNames, []fontID{sans, sansBold}, latin)
	for c, ns := range latinNames {
		names(c+" names", ns, nil, latin)
	}
	for _, r := range korRegions {
		check("Korean region", r.city+r.police, krSans, krBold)
		for _, s := range append(r.districts, r.roads...) {
			check("Korean region", s, krSans)
		}
	}
	for _, r := range jpnRegions {
		check("Japanese region", r.pref+"公安委員会", jpSans, jpSerif)
		for _, s := range r.towns {
			check("Japanese region", fullWidth(s+"1-2丁目3番4号"), jpSerif)
		}
	}
	for _, r := range chnRegions {
		for _, s := range append(r.roads, r.area+"号栋单元室") {
			check("Chinese region", s, scSans)
		}
	}
	for _, s := range rusCities {
		check("Russian city", s, sans)
	}
	for _, ps := range birthPlaces {
		for _, s := range ps {
			check("birth place", s, sans)
		}
	}
	for _, ss := range euStreets {
		for _, s := range ss {
			check("street", s, sans)
		}
	}
	for lang, ls := range labels {
		for _, s := range ls {
			check(lang+" label", s, labelFont(lang))
		}
	}
	for code, c := range countries {
		head := serifBold
		switch c.lang {
		case "ko":
			head = krBold
		case "ja":
			head = jpBold
		case "zh":
			head = scBold
		}
		check(code+" header", c.name+c.nameEN+c.passTitle, head)
		check(code+" header", c.idTitle+c.nationality, labelFont(c.lang))
		if c.lang == "en" || c.lang == "fr" || c.lang == "de" || c.lang == "es" || c.lang == "it" || c.lang == "pl" || c.lang == "sv" || c.lang == "cs" {
			check(code+" header", c.idTitle+c.nationality, sans, sansBold)
		}
	}
	for _, ss := range schools {
		for _, s := range ss {
			check("school", s.name+s.title, s.font, s.bold)
			for _, f := range s.faculty {
				check("school", f, s.font)
			}
		}
	}
	sheetFont := map[string]fontID{"latin": serif, "ko": krSans, "ja": jpSerif, "ru": serif, "zh": scSans}
	for lang, ws := range sheetWords {
		for _, w := range ws {
			check("sheet", w, sheetFont[lang])
		}
	}
	check("MRZ", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<", ocrb)
}
