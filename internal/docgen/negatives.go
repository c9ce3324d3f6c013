package docgen

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
)

// school is a university for student cards, in the holder's script.
type school struct {
	name, nameEN, title string
	font, bold          fontID
	faculty             []string
}

var schools = map[string][]school{
	"KOR": {{"서울과학기술대학교", "SEOUL NATIONAL UNIVERSITY OF SCIENCE AND TECHNOLOGY", "학생증 STUDENT ID", krSans, krBold, []string{"공과대학", "경영대학", "인문사회대학"}}},
	"JPN": {{"東京工科大学", "TOKYO UNIVERSITY OF TECHNOLOGY", "学生証 STUDENT ID", jpSans, jpBold, []string{"工学部", "経済学部", "文学部"}}},
	"CHN": {{"北京理工学院", "BEIJING INSTITUTE OF ENGINEERING", "学生证 STUDENT ID", scSans, scBold, []string{"计算机学院", "经济管理学院", "外国语学院"}}},
	"RUS": {{"Московский государственный университет", "MOSCOW STATE UNIVERSITY", "СТУДЕНЧЕСКИЙ БИЛЕТ / STUDENT ID", sans, sansBold, []string{"Физический факультет", "Экономический факультет"}}},
	"DEU": {{"Technische Universität Leipzig", "", "Studierendenausweis / STUDENT ID", sans, sansBold, []string{"Fakultät Informatik", "Fakultät Maschinenbau"}}},
	"FRA": {{"Université Lumière", "", "CARTE D'ÉTUDIANT / STUDENT ID", sans, sansBold, []string{"Faculté des Sciences", "Faculté de Droit"}}},
	"":    {{"UNIVERSITY OF NORTH HARBOUR", "", "STUDENT ID", sans, sansBold, []string{"School of Engineering", "Faculty of Arts", "Business School"}}},
}

// studentCard renders a university card: photo, name, number, faculty and
// validity, but no state, so the engine must call it "other".
func (r *renderer) studentCard() *Card {
	id := r.id
	ss, ok := schools[id.Country]
	if !ok {
		ss = schools[""]
	}
	s := pick(r.rng, ss)
	c := r.canvas(id1W, id1H, rgb(250, 250, 250))
	brand := pastel(r.rng.Float64(), 0.6, 0.32)
	c.gradient(rgb(252, 252, 252), lerp(brand, white, 0.85), false)
	c.rect(0, 0, c.w(), 150, brand)
	c.ring(85, 75, 45, 6, white)
	c.emblem(85, 75, 34, white)
	c.fitText(150, 72, 830, s.name, textStyle{font: s.bold, size: 40, color: white})
	if s.nameEN != "" {
		c.fitText(150, 112, 830, s.nameEN, textStyle{font: sans, size: 20, color: white})
	}
	c.fitText(985, 205, 560, s.title, textStyle{font: s.bold, size: 32, color: brand, align: alignRight})

	box := r.portraitBox(c, image.Rect(45, 180, 305, 515), false)
	x := 345.0
	lab := textStyle{font: s.font, size: 18, color: darkGrey}
	val := textStyle{font: s.font, size: 34, color: black}
	name := id.Surname + " " + id.GivenNames
	if id.SurnameNative != "" {
		name = id.NativeName()
	}
	c.fitText(x, 285, 620, name, val.sized(42))
	if id.SurnameNative != "" {
		c.fitText(x, 330, 620, id.Surname+" "+id.GivenNames, textStyle{font: sans, size: 24, color: darkGrey})
	}
	enroll := r.g.cfg.Now.Year() - r.rng.IntN(5)
	c.labelled(x, 380, "No.", fmt.Sprintf("%d-%05d", enroll, r.rng.IntN(100000)), lab, val.sized(30), 300)
	c.labelled(x, 450, "", pick(r.rng, s.faculty), lab, val.sized(28), 620)
	c.text(x, 540, fmt.Sprintf("Valid until %02d/%d", 1+r.rng.IntN(12), enroll+4+r.rng.IntN(2)), textStyle{font: sans, size: 26, color: black})
	c.barcode(r, 600, 560, 380, 55)
	// Only the card type is labelled: a student card's name and number are
	// not identity evidence, and an engine that reads them has done nothing
	// wrong, but one that calls the card an ID has.
	return r.done(c, Truth{DocumentType: "other"}, box)
}

// barcode draws random bars, the library barcode of a student card.
func (c *canvas) barcode(r *renderer, x, y, w, h float64) {
	for x0 := x; x0 < x+w; {
		bw := float64(1+r.rng.IntN(4)) * 2
		c.rect(x0, y, math.Min(x0+bw, x+w), y+h, black)
		x0 += bw + float64(1+r.rng.IntN(4))*2
	}
}

// luhn appends the Luhn check digit to digits, as every payment card
// number ends with one.
func luhn(digits string) string {
	sum := 0
	for i := range len(digits) {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return digits + string(rune('0'+(10-sum%10)%10))
}

// asciiName is a name as card embossers print it: letters without marks.
func asciiName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 128:
			b.WriteRune(r)
		default:
			if t, ok := latinMRZ[r]; ok {
				b.WriteString(t[:1])
			}
		}
	}
	return b.String()
}

// paymentCard renders a bank card: issuer, chip, contactless mark, a
// Luhn-valid sixteen-digit number, VALID THRU and the holder's name. It is
// the classic false positive of document detectors: an ID-1 card with a
// name on it.
func (r *renderer) paymentCard() *Card {
	id := r.id
	base := pick(r.rng, []color.NRGBA{rgb(16, 32, 80), rgb(20, 20, 24), rgb(10, 90, 70), rgb(110, 20, 40), rgb(160, 130, 60), rgb(60, 70, 80)})
	c := r.canvas(id1W, id1H, base)
	c.gradient(base, lerp(base, white, 0.3), r.rng.IntN(2) == 0)
	for i := range 6 {
		c.ring(800+float64(i)*15, 200, 250+float64(i)*40, 2, withAlpha(white, 25))
	}
	bank := pick(r.rng, []string{"NORTHWIND BANK", "BANQUE LUMIÈRE", "HANSA KREDIT", "CAJA DEL SOL", "BANCA AURORA", "OPAL SAVINGS"})
	c.text(60, 95, bank, textStyle{font: sansBold, size: 40, color: white})
	c.text(950, 95, pick(r.rng, []string{"DEBIT", "CREDIT", "PLATINUM", "GOLD"}), textStyle{font: sans, size: 26, color: withAlpha(white, 220), align: alignRight})
	c.chip(100, 210, 120, 92)
	for i := range 4 {
		rr := 16 + float64(i)*12
		var arc []pt
		for a := -0.7; a <= 0.7; a += 0.1 {
			arc = append(arc, pt{270 + rr*math.Cos(a), 256 + rr*math.Sin(a)})
		}
		c.line(4, withAlpha(white, 220), arc...)
	}
	prefix := pick(r.rng, []string{"4", "51", "52", "53", "54", "55"})
	digits := prefix
	for len(digits) < 15 {
		digits += string(rune('0' + r.rng.IntN(10)))
	}
	number := luhn(digits)
	groups := number[:4] + "  " + number[4:8] + "  " + number[8:12] + "  " + number[12:]
	ink := withAlpha(rgb(240, 240, 235), 255)
	c.fitText(90, 410, 840, groups, textStyle{font: mono, size: 66, color: ink})
	c.text(470, 470, "VALID", textStyle{font: sans, size: 14, color: ink})
	c.text(470, 486, "THRU", textStyle{font: sans, size: 14, color: ink})
	exp := r.g.cfg.Now.AddDate(r.rng.IntN(5), r.rng.IntN(12), 0)
	c.text(520, 490, exp.Format("01/06"), textStyle{font: mono, size: 36, color: ink})
	c.fitText(90, 565, 640, asciiName(id.GivenNames+" "+id.Surname), textStyle{font: mono, size: 40, color: ink})
	// A generic two-circle network mark, not any real scheme's logo.
	c.ellipse(850, 540, 50, 50, withAlpha(rgb(230, 40, 30), 230))
	c.ellipse(915, 540, 50, 50, withAlpha(rgb(250, 170, 20), 200))
	return r.done(c, Truth{DocumentType: "other"}, image.Rectangle{})
}

// sheetWords are filler words per script for the text-sheet negatives.
var sheetWords = map[string][]string{
	"latin": strings.Fields("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua meeting report invoice total delivery schedule please confirm the following items before friday"),
	"ko":    strings.Fields("안녕하세요 회의 자료 보고서 다음 주간 일정 확인 부탁드립니다 그리고 관련 내용은 첨부 파일을 참고 바랍니다 감사합니다"),
	"ja":    strings.Fields("本日の 会議 資料を 確認 お願いします 予定 について 来週 報告書 ご連絡 ください 以上 よろしく"),
	"ru":    strings.Fields("отчёт встреча план работа проект просим подтвердить сроки поставки до пятницы спасибо за сотрудничество"),
	"zh":    strings.Fields("会议 报告 计划 工作 项目 请 确认 以下 内容 下周 安排 谢谢 合作"),
}

// textSheet renders a printed page of text (a letter, a memo): the
// negative that is full of text like a document but is no card.
func (r *renderer) textSheet() *Card {
	c := r.canvas(800, 1131, rgb(252, 251, 247))
	lang := pick(r.rng, []string{"latin", "latin", "ko", "ja", "ru", "zh"})
	f := map[string]fontID{"latin": serif, "ko": krSans, "ja": jpSerif, "ru": serif, "zh": scSans}[lang]
	sep := " "
	if lang == "ja" || lang == "zh" {
		sep = ""
	}
	words := sheetWords[lang]
	st := textStyle{font: f, size: 20, color: black}
	c.text(70, 110, strings.ToUpper(pick(r.rng, words))+sep+pick(r.rng, words), st.sized(34))
	y := 180.0
	for y < 1050 {
		line := ""
		for {
			w := pick(r.rng, words)
			next := line + w
			if line != "" {
				next = line + sep + w
			}
			if c.width(next, st) > 660 {
				break
			}
			line = next
		}
		c.text(70, y, line, st)
		y += 32
		if r.rng.IntN(6) == 0 {
			y += 30 // paragraph break
		}
	}
	card := r.done(c, Truth{DocumentType: "none"}, image.Rectangle{})
	card.radius = 0
	return card
}
