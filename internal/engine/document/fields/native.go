package fields

import (
	"math"
	"strings"
)

// nativeNames handles names printed under separate surname and given-name
// labels in a non-Latin script, each usually above its romanisation (a
// Russian passport: "СОКОЛОВ" then "SOKOLOV" under "Фамилия / Surname").
// The native parts, patronymic included, make the full native name; the
// romanised line under each becomes the surname or given names. Without a
// romanisation the native values stay: they are the only names printed.
func (e *extractor) nativeNames(best map[string]candidate) {
	if _, ok := best[FullNameNative]; ok {
		return
	}
	var parts []string
	for _, f := range []string{Surname, GivenNames, Patronymic} {
		if c, ok := best[f]; ok && !latinOnly(c.value) {
			parts = append(parts, c.value)
		}
	}
	if len(parts) == 0 {
		return
	}
	best[FullNameNative] = candidate{FullNameNative, strings.Join(parts, " "), best[Surname].how, best[Surname].t}
	if best[Surname].t == nil {
		best[FullNameNative] = candidate{FullNameNative, strings.Join(parts, " "), best[GivenNames].how, best[GivenNames].t}
	}
	for _, f := range []string{Surname, GivenNames} {
		c, ok := best[f]
		if !ok || latinOnly(c.value) {
			continue
		}
		if r := e.lineUnder(c.t); r != nil {
			if v := cleanName(r.s, true); v != "" && latinOnly(v) {
				best[f] = candidate{f, v, byLayout, r}
			}
		}
	}
}

// lineUnder is the line right under t in its column (starting within a
// line height of t's start), or nil. A label line is no value.
func (e *extractor) lineUnder(t *text) *text {
	h := t.height()
	var best *text
	for _, r := range e.ts {
		if r == t || r.mrz || r.y0 < t.y1-0.3*h || r.y0-t.y1 > 1.5*h || math.Abs(r.x0-t.x0) > h {
			continue
		}
		if best == nil || r.y0 < best.y0 {
			best = r
		}
	}
	if best == nil || e.labelLine[best] {
		return nil
	}
	return best
}
