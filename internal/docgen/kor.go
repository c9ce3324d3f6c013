package docgen

import (
	"fmt"
	"image"
	"math"
	"time"
)

// taegeuk draws the red-and-blue yin-yang of the Korean flag, the mark on
// Korean cards' title.
func (c *canvas) taegeuk(cx, cy, r float64) {
	red, blue := rgb(205, 46, 58), rgb(0, 71, 160)
	c.ellipse(cx, cy, r, r, blue)
	var top []pt
	for i := 0; i <= 32; i++ {
		a := math.Pi + math.Pi*float64(i)/32
		top = append(top, pt{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	c.fill(red, top)
	c.ellipse(cx-r/2, cy, r/2, r/2, red)
	c.ellipse(cx+r/2, cy, r/2, r/2, blue)
}

// seal draws a square red official seal with text in it, the stamp next
// to an issuing officer's title.
func (c *canvas) seal(x, y, s float64, text []string, f fontID) {
	col := withAlpha(sealRed, 210)
	c.frame(x, y, x+s, y+s, s*0.06, s*0.07, col)
	st := textStyle{font: f, size: s * 0.3, color: col, align: alignCenter}
	for i, t := range text {
		c.fitText(x+s/2, y+s*0.42+float64(i)*s*0.33, s*0.8, t, st)
	}
}

// korResidentCard renders a 주민등록증: Hangul name, resident registration
// number, address, issue date and issuing office, portrait on the right.
// It prints no English and no expiry date.
func (r *renderer) korResidentCard() *Card {
	id := r.id
	c := r.canvas(id1W, id1H, white)
	r.securityBackground(c, 0.45+0.2*r.rng.Float64())
	// The faint globe of the current card, behind the text.
	c.ring(420, 400, 230, 3, withAlpha(rgb(120, 150, 170), 50))
	c.ring(420, 400, 170, 2, withAlpha(rgb(120, 150, 170), 45))

	c.taegeuk(78, 78, 30)
	title := textStyle{font: krBold, size: 60, color: black, track: 8}
	c.text(125, 100, "주민등록증", title)

	name := id.NativeName()
	v := textStyle{font: krSans, size: 46, color: black, track: 4}
	c.text(75, 215, name, v)
	rrn := textStyle{font: krSans, size: 42, color: black}
	c.text(75, 292, id.PersonalNumber, rrn)
	addr := textStyle{font: krSans, size: 31, color: black}
	for i, l := range id.AddressLines {
		c.fitText(75, 370+float64(i)*44, 560, l, addr)
	}

	issue := day(r.rng, maxTime(id.BirthDate.AddDate(17, 0, 0), r.g.cfg.Now.AddDate(-15, 0, 0)), r.g.cfg.Now.AddDate(0, 0, -20))
	dateStyle := textStyle{font: krSans, size: 32, color: black, align: alignCenter}
	c.text(440, 530, korDate(issue), dateStyle)
	reg := korRegions[id.region]
	issuer := fmt.Sprintf("%s %s청장", reg.city, pick(r.rng, reg.districts))
	c.fitText(440, 585, 520, issuer, textStyle{font: krSans, size: 34, color: black, align: alignCenter, track: 2})
	c.seal(720, 505, 100, []string{"청장", "직인"}, krSerif)

	box := r.portraitBox(c, image.Rect(700, 95, 952, 419), false)
	t := Truth{
		DocumentType: "id_card", IssuingCountry: "KOR", Script: "hangul",
		Fields: &Fields{
			FullNameNative: name,
			DocumentNumber: id.PersonalNumber,
			// The first six digits of the number are the birth date, and
			// Korean KYC reads it from there: recorded as shown.
			BirthDate: isoDate(id.BirthDate),
			IssueDate: isoDate(issue),
			Address:   id.Address(),
		},
	}
	return r.done(c, t, box)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// korDriversLicense renders a 자동차운전면허증 of the 2019 design with
// English: licence number, class, Hangul and romanised name, resident
// registration number, address, renewal period (the expiry is its last
// day), issue date and issuing police agency.
func (r *renderer) korDriversLicense() *Card {
	id := r.id
	c := r.canvas(id1W, id1H, white)
	r.securityBackground(c, 0.55+0.1*r.rng.Float64())
	c.rect(0, 0, c.w(), 118, withAlpha(rgb(214, 230, 240), 200))
	c.taegeuk(62, 60, 26)
	c.text(102, 76, "자동차운전면허증", textStyle{font: krBold, size: 46, color: black, track: 2})
	c.text(512, 76, "Driver's License", textStyle{font: sansBold, size: 30, color: darkGrey})
	c.text(985, 40, "REPUBLIC OF KOREA", textStyle{font: sans, size: 17, color: darkGrey, align: alignRight})

	issue, expiry := docDates(r.rng, r.g.cfg.Now, id.BirthDate, 10, 18)
	// The licence must be renewed within a calendar year: the card prints
	// that period and is valid to its last day.
	renewFrom := time.Date(expiry.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	renewTo := time.Date(expiry.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	reg := korRegions[id.region]
	number := fmt.Sprintf("%s-%02d-%06d-%02d", reg.dlCode, issue.Year()%100, r.rng.IntN(1000000), r.rng.IntN(100))

	box := r.portraitBox(c, image.Rect(40, 150, 282, 461), false)
	lab := textStyle{font: krSans, size: 20, color: darkGrey}
	val := textStyle{font: krSans, size: 34, color: black}
	x := 315.0
	c.text(x, 178, number, textStyle{font: sansBold, size: 42, color: black})
	class := pick(r.rng, []string{"1종보통", "2종보통", "1종대형"})
	c.roundRect(840, 140, 985, 190, 8, withAlpha(rgb(0, 71, 160), 40))
	c.text(912, 177, class, textStyle{font: krBold, size: 30, color: rgb(0, 60, 140), align: alignCenter})

	c.text(x, 232, "성명 Name", lab)
	name := id.NativeName()
	c.text(x+130, 236, name, val.sized(38))
	latin := id.Surname + " " + id.GivenNames
	c.text(x+130+c.width(name, val.sized(38))+24, 236, latin, textStyle{font: sans, size: 26, color: black})

	c.text(x, 292, "주민등록번호", lab)
	c.text(x+130, 294, id.PersonalNumber, val)

	c.text(x, 345, "주소 Address", lab)
	for i, l := range id.AddressLines {
		c.fitText(x+130, 348+float64(i)*42, 540, l, val.sized(29))
	}
	c.text(x, 450, "적성검사기간", lab)
	c.text(x+130, 452, korDate(renewFrom)+" ~ "+korDate(renewTo), val.sized(30))
	c.text(x, 500, "발급일 Issue", lab)
	c.text(x+130, 502, korDate(issue), val.sized(30))

	c.text(700, 585, reg.police, textStyle{font: krBold, size: 34, color: black, align: alignCenter, track: 4})
	c.seal(880, 528, 90, []string{"청장", "의인"}, krSerif)
	c.signature(r.rng, 60, 490, 280, 600, sigBlue)

	t := Truth{
		DocumentType: "drivers_license", IssuingCountry: "KOR", Script: "hangul",
		Fields: &Fields{
			Surname: id.Surname, GivenNames: id.GivenNames,
			FullNameNative: name,
			DocumentNumber: number,
			BirthDate:      isoDate(id.BirthDate), // from the registration number, as on the resident card
			ExpiryDate:     isoDate(renewTo),
			IssueDate:      isoDate(issue),
			Address:        id.Address(),
		},
	}
	return r.done(c, t, box)
}
