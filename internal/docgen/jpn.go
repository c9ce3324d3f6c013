package docgen

import (
	"fmt"
	"image"
	"time"
)

// oneMonthAfter is the day one month after t, clamped to the month's end:
// Japanese licences expire one month after the holder's birthday.
func oneMonthAfter(t time.Time) time.Time {
	first := time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

// birthdayIn is the birthday of someone born on b in year y; 29 February
// falls on the 28th in common years.
func birthdayIn(b time.Time, y int) time.Time {
	last := time.Date(y, b.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, b.Month(), min(b.Day(), last), 0, 0, 0, 0, time.UTC)
}

// jpnDriversLicense renders a 運転免許証 after the prefectural specimens:
// spaced-out name and era birth date on the top row, address, issue date
// with its reference number, the coloured validity band in western and
// era years, conditions, the twelve-digit number, the dates of other
// licence classes, the class grid, the photo and the issuing public
// safety commission.
func (r *renderer) jpnDriversLicense() *Card {
	id := r.id
	c := r.canvas(id1W, id1H, rgb(250, 250, 246))
	r.securityBackground(c, 0.12+0.1*r.rng.Float64())
	line := rgb(60, 60, 60)
	lab := textStyle{font: jpSans, size: 21, color: black}
	val := textStyle{font: jpSerif, size: 32, color: black}

	years := pick(r.rng, []int{3, 5, 5})
	issue, _ := docDates(r.rng, r.g.cfg.Now, id.BirthDate, years, 18)
	expiry := oneMonthAfter(birthdayIn(id.BirthDate, issue.Year()+years))
	reg := jpnRegions[id.region]
	first := day(r.rng, id.BirthDate.AddDate(18, 0, 0), issue)
	number := fmt.Sprintf("%s%02d%06d%d%d", reg.dlCode, first.Year()%100, r.rng.IntN(1000000), r.rng.IntN(10), r.rng.IntN(3))

	// Row 1: name and birth date.
	c.frame(30, 30, 982, 88, 12, 2, line)
	c.line(2, line, pt{100, 30}, pt{100, 88})
	c.line(2, line, pt{640, 30}, pt{640, 88})
	c.text(65, 68, "氏名", lab.aligned(alignCenter))
	name := id.NativeName()
	c.fitText(125, 73, 500, name, textStyle{font: jpSerif, size: 40, color: black, track: 18})
	era, ey := japaneseEra(id.BirthDate)
	birth := fmt.Sprintf("%s%d年%2d月%2d日生", era, ey, int(id.BirthDate.Month()), id.BirthDate.Day())
	c.fitText(655, 71, 315, birth, textStyle{font: jpSans, size: 30, color: black})

	// Rows 2–3: address, issue date and reference number.
	c.frame(30, 112, 982, 218, 10, 2, line)
	c.line(2, line, pt{30, 165}, pt{982, 165})
	c.line(2, line, pt{100, 112}, pt{100, 218})
	c.text(65, 147, "住所", lab.aligned(alignCenter))
	c.fitText(115, 152, 850, id.Address(), val.sized(32))
	c.text(65, 200, "交付", lab.aligned(alignCenter))
	c.text(115, 203, eraDate(issue, true)+"  "+fmt.Sprintf("%05d", r.rng.IntN(100000)), textStyle{font: jpSans, size: 28, color: black})

	// The validity band: gold for good drivers, blue or green otherwise.
	band := pick(r.rng, []struct {
		col  [3]uint8
		gold bool
	}{{[3]uint8{205, 170, 90}, true}, {[3]uint8{120, 170, 220}, false}, {[3]uint8{120, 200, 140}, false}})
	c.rect(30, 225, 645, 280, rgb(band.col[0], band.col[1], band.col[2]))
	ee, ey2 := japaneseEra(expiry)
	valid := fmt.Sprintf("%d年(%s%02d年)%02d月%02d日まで有効", expiry.Year(), ee, ey2, int(expiry.Month()), expiry.Day())
	c.fitText(40, 266, 595, valid, textStyle{font: jpBold, size: 34, color: black})

	// Conditions and the gold-licence mark.
	c.text(38, 312, "免許の", lab.sized(18))
	c.text(38, 334, "条件等", lab.sized(18))
	c.text(130, 325, pick(r.rng, []string{"眼鏡等", "AT限定", "眼鏡等 AT限定", ""}), val.sized(30))
	if band.gold {
		c.frame(40, 370, 130, 420, 10, 3, black)
		c.text(85, 407, "優良", textStyle{font: jpBold, size: 30, color: black, align: alignCenter})
	}

	// Number.
	c.text(55, 470, "番号", lab)
	c.line(1.5, line, pt{110, 440}, pt{110, 480})
	c.text(125, 472, "第", val.sized(30))
	c.text(175, 474, number, textStyle{font: jpSans, size: 40, color: black, track: 3})
	c.text(590, 472, "号", val.sized(30))

	// Other classes' first dates, and the class grid.
	c.frame(30, 490, 395, 610, 6, 1.5, line)
	rowsLab := []string{"二・小・原", "他", "二種"}
	dates := []string{"", eraDate(first, true), ""}
	if r.rng.IntN(2) == 0 {
		dates[0] = eraDate(day(r.rng, id.BirthDate.AddDate(16, 0, 0), first), true)
	}
	for i, l := range rowsLab {
		y := 490 + float64(i)*40
		if i > 0 {
			c.line(1.5, line, pt{30, y}, pt{395, y})
		}
		c.fitText(38, y+27, 72, l, lab.sized(15))
		c.fitText(118, y+30, 270, dates[i], textStyle{font: jpSans, size: 25, color: black})
	}
	c.line(1.5, line, pt{112, 490}, pt{112, 610})
	classes := [2][6]string{{"大型", "中型", "準中", "普通", "大特", "大自二"}, {"普自二", "小特", "原付", "け引", "大二", "普二"}}
	held := map[string]bool{"普通": true, "小特": true, "原付": true}
	for _, k := range []string{"中型", "準中", "普自二", "大自二", "大型"} {
		if r.rng.IntN(5) == 0 {
			held[k] = true
		}
	}
	c.frame(405, 490, 675, 610, 4, 1.5, line)
	c.fitText(413, 530, 24, "種", lab.sized(20))
	c.fitText(413, 585, 24, "類", lab.sized(20))
	for row := range 2 {
		for col := range 6 {
			x, y := 440+float64(col)*39, 490+float64(row)*60
			c.line(1, line, pt{x, 490}, pt{x, 610})
			t := classes[row][col]
			if !held[t] {
				t = "ー"
			}
			c.fitText(x+19, y+38, 36, t, textStyle{font: jpSans, size: 18, color: black, align: alignCenter})
		}
	}
	c.line(1.5, line, pt{405, 550}, pt{675, 550})

	// Photo, the vertical title and the commission.
	for i, ch := range []rune("運転免許証") {
		c.text(662, 350+float64(i)*42, string(ch), textStyle{font: jpSans, size: 34, color: rgb(20, 110, 190), align: alignCenter})
	}
	box := r.portraitBox(c, image.Rect(700, 228, 975, 548), false)
	comm := reg.pref + "公安委員会"
	c.fitText(700, 595, 190, comm, textStyle{font: jpSans, size: 26, color: sealRed})
	c.seal(910, 558, 62, []string{"公安", "委員"}, jpSerif)

	t := Truth{
		DocumentType: "drivers_license", IssuingCountry: "JPN", Script: "japanese",
		Fields: &Fields{
			FullNameNative: name,
			DocumentNumber: number,
			BirthDate:      isoDate(id.BirthDate),
			ExpiryDate:     isoDate(expiry),
			IssueDate:      isoDate(issue),
			Address:        id.Address(),
		},
	}
	return r.done(c, t, box)
}
