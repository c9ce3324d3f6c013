package docgen

import (
	"fmt"
	"image"
)

// chnIDCard renders the photo side of a second-generation 居民身份证:
// name, sex, ethnicity, birth date, address and the eighteen-character
// citizen identity number (whose check character may be X), with the
// portrait on the right. Validity dates and the issuing office are on the
// other side, so the truth has none.
func (r *renderer) chnIDCard() *Card {
	id := r.id
	c := r.canvas(id1W, id1H, rgb(246, 248, 250))
	r.securityBackground(c, 0.55+0.1*r.rng.Float64())
	lab := textStyle{font: scSans, size: 27, color: rgb(40, 110, 170), track: 10}
	val := textStyle{font: scSans, size: 34, color: black}

	name := id.NativeName()
	c.text(70, 120, "姓名", lab)
	c.text(190, 122, name, val.sized(38))
	sex := "男"
	if id.Sex == 'F' {
		sex = "女"
	}
	c.text(70, 200, "性别", lab)
	c.text(190, 202, sex, val)
	c.text(330, 200, "民族", lab)
	c.text(450, 202, pick(r.rng, []string{"汉", "汉", "汉", "汉", "满", "回", "蒙古", "壮", "朝鲜"}), val)
	c.text(70, 280, "出生", lab)
	b := id.BirthDate
	x := 190.0
	for _, part := range []struct{ v, unit string }{
		{fmt.Sprint(b.Year()), "年"}, {fmt.Sprint(int(b.Month())), "月"}, {fmt.Sprint(b.Day()), "日"},
	} {
		x += c.text(x, 282, part.v, val) + 12
		x += c.text(x, 282, part.unit, lab.colored(black).sized(30)) + 22
	}
	c.text(70, 360, "住址", lab)
	for i, l := range id.AddressLines {
		c.fitText(190, 362+float64(i)*50, 440, l, val.sized(32))
	}
	c.text(70, 560, "公民身份号码", lab.sized(26).colored(rgb(40, 110, 170)))
	c.text(340, 564, id.PersonalNumber, textStyle{font: sansBold, size: 42, color: black, track: 3})

	box := r.portraitBox(c, image.Rect(660, 80, 950, 450), false)
	t := Truth{
		DocumentType: "id_card", IssuingCountry: "CHN", Script: "han",
		Fields: &Fields{
			FullNameNative: name,
			DocumentNumber: id.PersonalNumber,
			BirthDate:      isoDate(id.BirthDate),
			Sex:            r.sexLetter(),
			Address:        id.Address(),
		},
	}
	return r.done(c, t, box)
}
