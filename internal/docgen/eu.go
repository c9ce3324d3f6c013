package docgen

import (
	"fmt"
	"image"
	"math"
	"strings"
)

// labelFont is the typeface for labels in lang: the CJK faces for Korean,
// Japanese and Chinese, condensed DejaVu (Latin and Cyrillic) otherwise.
func labelFont(lang string) fontID {
	switch lang {
	case "ko":
		return krSans
	case "ja":
		return jpSans
	case "zh":
		return scSans
	}
	return sansCond
}

// iso2 is the two-letter code in the EU flag of new identity cards.
var iso2 = map[string]string{"DEU": "DE", "FRA": "FR", "ESP": "ES", "ITA": "IT", "POL": "PL", "SWE": "SE", "CZE": "CZ"}

// euFlag draws the EU flag with the member state's code inside the stars,
// as identity cards since 2021 carry it.
func (c *canvas) euFlag(x, y, w, h float64, code string) {
	c.rect(x, y, x+w, y+h, rgb(0, 51, 153))
	c.euStars(x+w/2, y+h/2, h*0.36, rgb(255, 204, 0))
	c.text(x+w/2, y+h/2+h*0.13, code, textStyle{font: sansBold, size: h * 0.34, color: white, align: alignCenter})
}

// mrzNames splits the name field of an MRZ back into the surname and given
// names it encodes, fillers as spaces: what a reader of the MRZ alone can
// know of the name.
func mrzNames(field string) (string, string) {
	sur, given, _ := strings.Cut(strings.TrimRight(field, "<"), "<<")
	clean := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "<", " ")) }
	return clean(sur), clean(given)
}

// euIDCard renders a European identity card, one of its two sides at
// random, as users upload both: the front with the portrait and the
// visual zone, or the back with the address, the issue date and the TD1
// MRZ. Names in the front's truth keep their diacritics; the back's are
// the MRZ's transliteration, since that is all it shows of them.
func (r *renderer) euIDCard() *Card {
	id := r.id
	co := countries[id.Country]
	issue, expiry := docDates(r.rng, r.g.cfg.Now, id.BirthDate, 10, 16)
	number := docNumber(r.rng, co.idNumber)
	c := r.canvas(id1W, id1H, white)
	r.securityBackground(c, co.hue+0.1*r.rng.Float64())
	lab := textStyle{font: labelFont(co.lang), size: 15, color: darkGrey}
	val := textStyle{font: sans, size: 29, color: black}
	date := co.dates

	t := Truth{DocumentType: "id_card", IssuingCountry: id.Country, Script: "latin"}
	if r.rng.IntN(2) == 0 {
		c.euFlag(30, 28, 110, 74, iso2[id.Country])
		c.fitText(160, 60, 520, co.name, textStyle{font: serifBold, size: 30, color: rgb(30, 40, 90)})
		if co.nameEN != co.name {
			c.fitText(160, 90, 520, co.nameEN, textStyle{font: sans, size: 17, color: darkGrey})
		}
		c.fitText(985, 56, 300, co.idTitle, textStyle{font: sansBold, size: 22, color: rgb(30, 40, 90), align: alignRight})
		c.fitText(985, 80, 300, "IDENTITY CARD / CARTE D'IDENTITÉ", textStyle{font: sans, size: 14, color: darkGrey, align: alignRight})
		c.text(985, 112, label(co.lang, lDocNo, false), lab.aligned(alignRight))
		c.text(985, 146, number, textStyle{font: sansBold, size: 30, color: rgb(150, 20, 30), align: alignRight})

		box := r.portraitBox(c, image.Rect(35, 140, 295, 475), false)
		c.hologram(255, 440, 70, 55, r.rng)
		x1, x2 := 325.0, 665.0
		big := val.sized(34)
		big.font = sansBold
		c.labelled(x1, 185, label(co.lang, lSurname, true), id.Surname, lab, big, 640)
		c.labelled(x1, 265, label(co.lang, lGiven, true), id.GivenNames, lab, big.sized(30), 640)
		c.labelled(x1, 345, label(co.lang, lBirth, true), date(id.BirthDate), lab, val, 330)
		c.labelled(x2, 345, label(co.lang, lSex, true), string(id.Sex), lab, val, 300)
		c.labelled(x1, 425, label(co.lang, lNationality, true), co.nationality, lab, val, 330)
		c.labelled(x2, 425, label(co.lang, lBirthPlace, true), id.BirthPlace, lab, val, 300)
		c.labelled(x1, 505, label(co.lang, lExpiry, true), date(expiry), lab, val, 330)
		c.text(40, 505, labels[co.lang][lSignature]+" / Signature", lab)
		c.signature(r.rng, 45, 515, 300, 610, sigBlue)
		r.ghost(c, image.Rect(870, 450, 975, 585))
		t.Fields = &Fields{
			Surname: id.Surname, GivenNames: id.GivenNames,
			DocumentNumber: number,
			BirthDate:      isoDate(id.BirthDate),
			ExpiryDate:     isoDate(expiry),
			Nationality:    id.Country,
			Sex:            r.sexLetter(),
		}
		return r.done(c, t, box)
	}

	// The back.
	address, city := euAddress(r.rng, id.Country)
	authority := euAuthority(r.rng, id.Country, city)
	c.labelled(40, 50, label(co.lang, lAddress, true), address, lab, val.sized(27), 930)
	c.labelled(40, 135, label(co.lang, lIssue, true), co.dates(issue), lab, val, 420)
	c.labelled(500, 135, label(co.lang, lAuthority, true), authority, lab, val, 470)
	if id.Country == "DEU" {
		c.labelled(40, 220, "Größe / Height", fmt.Sprintf("%d cm", 150+r.rng.IntN(45)), lab, val, 200)
	}
	c.emblem(880, 260, 60, withAlpha(rgb(90, 90, 110), 120))
	c.mrzBand(380, c.h(), rgb(250, 250, 248))
	m := td1(mrzData{
		docCode: pick(r.rng, []string{"ID", "I<"}), issuer: co.mrzCode, nationality: co.mrzCode,
		surname: id.Surname, given: id.GivenNames, number: number,
		birth: id.BirthDate, sex: id.Sex, expiry: expiry,
	})
	c.mrzZone(m, 45, 455, 922, 72)
	sur, given := mrzNames(m[2])
	t.MRZ = m
	t.Fields = &Fields{
		Surname: sur, GivenNames: given,
		DocumentNumber: number,
		BirthDate:      isoDate(id.BirthDate),
		ExpiryDate:     isoDate(expiry),
		IssueDate:      isoDate(issue),
		Nationality:    id.Country,
		Sex:            r.sexLetter(),
		Address:        address,
	}
	return r.done(c, t, image.Rectangle{})
}

// passport renders a TD3 passport data page of id.Country: header, the
// type/code/number row, the portrait and ghost image, the labelled fields
// (English and French, with the country's own language where it has one),
// the name in the native script for Korea and China, and the two-line MRZ.
func (r *renderer) passport() *Card {
	id := r.id
	co := countries[id.Country]
	issue, expiry := docDates(r.rng, r.g.cfg.Now, id.BirthDate, pick(r.rng, []int{10, 10, 5}), 0)
	if issue.Before(id.BirthDate.AddDate(18, 0, 0)) {
		// Minors' passports are valid five years.
		issue, expiry = docDates(r.rng, r.g.cfg.Now, id.BirthDate, 5, 0)
	}
	number := docNumber(r.rng, co.passNumber)
	c := r.canvas(td3W, td3H, white)
	r.securityBackground(c, co.hue+0.1*r.rng.Float64())
	lf := labelFont(co.lang)
	lab := textStyle{font: lf, size: 16, color: darkGrey}
	val := textStyle{font: sans, size: 30, color: black}
	nat := textStyle{font: sans, size: 30, color: black}
	switch co.lang {
	case "ko":
		nat.font = krSans
	case "zh":
		nat.font = scSans
	}

	// Header.
	title := co.passTitle
	if title != "PASSPORT" {
		title += " / PASSPORT"
	}
	title += " / PASSEPORT"
	c.fitText(50, 62, 330, title, textStyle{font: lf, size: 22, color: rgb(30, 40, 90)})
	head := co.name
	if co.nameEN != "" && co.nameEN != co.name {
		head += " / " + co.nameEN
	}
	hs := textStyle{font: serifBold, size: 36, color: rgb(30, 40, 90)}
	if co.lang == "ko" || co.lang == "ja" || co.lang == "zh" {
		hs.font = map[string]fontID{"ko": krBold, "ja": jpBold, "zh": scBold}[co.lang]
	}
	c.fitText(400, 66, 700, head, hs)
	c.emblem(1180, 60, 38, withAlpha(rgb(110, 90, 40), 150))

	x1, x2, x3 := 400.0, 760.0, 960.0
	c.labelled(x1, 120, label(co.lang, lType, true), "P", lab, val, 300)
	c.labelled(x2, 120, label(co.lang, lCode, true), co.mrzCode, lab, val, 190)
	c.labelled(x3, 120, label(co.lang, lPassNo, false), number, lab, val.sized(32), 260)

	box := r.portraitBox(c, image.Rect(50, 150, 370, 562), false)
	big := val.sized(34)
	big.font = sansBold
	c.labelled(x1, 200, label(co.lang, lSurname, true), id.Surname, lab, big, 780)
	c.labelled(x1, 275, label(co.lang, lGiven, true), id.GivenNames, lab, big, 780)
	y := 350.0
	t := Truth{DocumentType: "passport", IssuingCountry: id.Country, Script: "latin"}
	f := &Fields{}
	if id.Country == "KOR" || id.Country == "CHN" {
		// Beside the surname, where Korean passports print 한글성명.
		nl := map[string]string{"KOR": "한글성명 / Name in Korean", "CHN": "姓名 / Name in Chinese"}[id.Country]
		c.labelled(x2, 200, nl, id.NativeName(), lab, nat.sized(34), 440)
		f.FullNameNative = id.NativeName()
		t.Script = map[string]string{"KOR": "hangul", "CHN": "han"}[id.Country]
	}
	c.labelled(x1, y, label(co.lang, lNationality, true), co.nationality, lab, nat, 520)
	date := co.dates
	birth, yearOnly := date(id.BirthDate), r.g.cfg.YearOnlyBirth
	if yearOnly {
		birth = unknownDayMonth(birth, id.BirthDate.Year())
	}
	c.labelled(x1, y+75, label(co.lang, lBirth, true), birth, lab, val, 340)
	c.labelled(x2, y+75, label(co.lang, lSex, true), string(id.Sex), lab, val, 180)
	c.labelled(x3, y+75, label(co.lang, lBirthPlace, true), id.BirthPlace, lab, val.sized(26), 260)
	c.labelled(x1, y+150, label(co.lang, lIssue, true), date(issue), lab, val, 340)
	c.labelled(x2, y+150, label(co.lang, lAuthority, true), euAuthority(r.rng, "", ""), lab, val.sized(24), 420)
	c.labelled(x1, y+225, label(co.lang, lExpiry, true), date(expiry), lab, val, 340)
	c.text(x2, y+225, label(co.lang, lSignature, false), lab)
	c.signature(r.rng, x2, y+232, math.Min(x2+300, 1080), y+300, sigBlue)
	r.ghost(c, image.Rect(1095, 540, 1195, 668))

	c.mrzBand(680, c.h(), rgb(250, 250, 248))
	m := td3(mrzData{
		docCode: "P<", issuer: co.mrzCode, nationality: co.mrzCode,
		surname: id.Surname, given: id.GivenNames, number: number,
		birth: id.BirthDate, birthYearOnly: yearOnly, sex: id.Sex, expiry: expiry,
	})
	c.mrzZone(m, 50, 770, 1150, 75)
	t.MRZ = m
	f.Surname, f.GivenNames = id.Surname, id.GivenNames
	f.DocumentNumber = number
	f.BirthDate, f.ExpiryDate, f.IssueDate = isoDate(id.BirthDate), isoDate(expiry), isoDate(issue)
	if yearOnly {
		f.BirthDate = id.BirthDate.Format("2006")
	}
	f.Nationality, f.Sex = id.Country, r.sexLetter()
	t.Fields = f
	return r.done(c, t, box)
}

// rusPassport renders the data page of a Russian biometric passport:
// Russian and English labels, names in Cyrillic with their ICAO
// transliteration beneath, dotted dates, the number repeated vertically
// at the edge, and the TD3 MRZ.
func (r *renderer) rusPassport() *Card {
	id := r.id
	issue, expiry := docDates(r.rng, r.g.cfg.Now, id.BirthDate, 10, 14)
	series := 70 + r.rng.IntN(30)
	serial := r.rng.IntN(10000000)
	printed := fmt.Sprintf("%02d %07d", series, serial)
	number := fmt.Sprintf("%02d%07d", series, serial)
	c := r.canvas(td3W, td3H, white)
	r.securityBackground(c, 0.85+0.1*r.rng.Float64())
	lab := textStyle{font: sansCond, size: 16, color: darkGrey}
	val := textStyle{font: sans, size: 30, color: black}
	big := textStyle{font: sansBold, size: 34, color: black}
	ru := labels["ru"]
	en := labels["en"]
	l := func(k labelKey) string { return ru[k] + " / " + en[k] }

	c.fitText(620, 58, 880, "РОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION", textStyle{font: serifBold, size: 32, color: rgb(90, 30, 40), align: alignCenter})
	c.text(620, 96, "ПАСПОРТ / PASSPORT", textStyle{font: serif, size: 22, color: rgb(90, 30, 40), align: alignCenter})
	c.emblem(1170, 72, 40, withAlpha(rgb(150, 110, 30), 150))

	x1, x2, x3 := 400.0, 700.0, 930.0
	c.labelled(x1, 140, l(lType), "P", lab, val, 280)
	c.labelled(x2, 140, l(lCode), "RUS", lab, val, 220)
	c.labelled(x3, 140, l(lPassNo), printed, lab, textStyle{font: sansBold, size: 30, color: rgb(170, 20, 30)}, 260)

	box := r.portraitBox(c, image.Rect(50, 150, 370, 562), false)
	y := c.labelled(x1, 215, l(lSurname), id.SurnameNative, lab, big, 760)
	c.text(x1, y+40, id.Surname, big)
	y = c.labelled(x1, 320, l(lGiven), id.GivenNative, lab, big, 760)
	c.text(x1, y+40, id.GivenNames, big)
	c.labelled(x1, 425, l(lNationality), "РОССИЙСКАЯ ФЕДЕРАЦИЯ/RUSSIAN FEDERATION", lab, val.sized(26), 760)
	sex := "М/M"
	if id.Sex == 'F' {
		sex = "Ж/F"
	}
	c.labelled(x1, 500, l(lBirth), dotDate(id.BirthDate), lab, val, 290)
	c.labelled(x2, 500, l(lSex), sex, lab, val, 220)
	c.labelled(x3, 500, l(lBirthPlace), id.BirthPlace+"/RUSSIA", lab, val.sized(22), 260)
	c.labelled(x1, 575, l(lIssue), dotDate(issue), lab, val, 290)
	c.labelled(x2, 575, "Орган, выдавший документ / Authority", fmt.Sprintf("МВД %d", 1000+r.rng.IntN(90000)), lab, val, 370)
	c.labelled(x1, 650, "Дата окончания срока / Date of expiry", dotDate(expiry), lab, val, 290)
	c.text(x2, 650, l(lSignature), lab)
	c.signature(r.rng, x2, 655, 1000, 712, sigBlue)
	r.ghost(c, image.Rect(1090, 560, 1190, 690))
	c.textUp(1228, 640, printed, textStyle{font: sansBold, size: 28, color: rgb(170, 20, 30)})

	c.mrzBand(722, c.h(), rgb(250, 250, 248))
	m := td3(mrzData{
		docCode: "P<", issuer: "RUS", nationality: "RUS",
		surname: id.Surname, given: id.GivenNames, number: number,
		birth: id.BirthDate, sex: id.Sex, expiry: expiry,
	})
	c.mrzZone(m, 50, 795, 1150, 64)
	t := Truth{
		DocumentType: "passport", IssuingCountry: "RUS", Script: "cyrillic", MRZ: m,
		Fields: &Fields{
			Surname: id.Surname, GivenNames: id.GivenNames,
			FullNameNative: id.NativeName(),
			DocumentNumber: printed,
			BirthDate:      isoDate(id.BirthDate),
			ExpiryDate:     isoDate(expiry),
			IssueDate:      isoDate(issue),
			Nationality:    "RUS",
			Sex:            r.sexLetter(),
		},
	}
	return r.done(c, t, box)
}
