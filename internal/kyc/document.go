package kyc

import (
	"fmt"
	"slices"
	"time"
)

// Date is a calendar date as printed; Month or Day 0 means the document
// does not give it (a birth year alone).
type Date struct{ Year, Month, Day int }

// Full reports whether the date has year, month and day.
func (d Date) Full() bool { return d.Year > 0 && d.Month > 0 && d.Day > 0 }

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Document is what the engine read from the ID, as the policy needs it.
type Document struct {
	Type    DocumentType
	Country string // issuing state, ISO 3166 alpha-3; "" when unknown
	// BirthDate and ExpiryDate are nil when not read.
	BirthDate  *Date
	ExpiryDate *Date
	// Checks are the engine's: detection, quality, legibility, MRZ…
	Checks []Check
}

// ageOn is the age in whole years of someone born on b at date now.
func ageOn(b Date, now time.Time) int {
	age := now.Year() - b.Year
	if int(now.Month()) < b.Month || int(now.Month()) == b.Month && now.Day() < b.Day {
		age--
	}
	return age
}

// PolicyChecks are the checks the project's policy adds to a document:
// accepted type, issuing country, full birth date, expiry and age. Each
// failure carries the automatic reject code PRODUCT.md gives it.
func PolicyChecks(p Policy, d Document, now time.Time) []Check {
	var out []Check
	typ := Check{Name: "policy.id_type", Outcome: Pass, Value: string(d.Type), Threshold: p.AcceptedTypes}
	if !slices.Contains(p.AcceptedTypes, d.Type) {
		typ.Outcome, typ.Code = Fail, InvalidAcceptedID
		typ.Reason = fmt.Sprintf("%s is not among the accepted ID types", d.Type)
		if d.Type == "" || d.Type == NotGovernment {
			typ.Reason = "not a government-issued ID"
		}
	}
	out = append(out, typ)
	country := Check{Name: "policy.country", Outcome: Pass, Value: d.Country}
	switch {
	case slices.Contains(p.BlacklistedCountries, d.Country),
		len(p.AllowedCountries) > 0 && !slices.Contains(p.AllowedCountries, d.Country):
		country.Outcome, country.Code = Fail, BlacklistCountry
		country.Reason = BlacklistCountry.Message(MessageArgs{Country: CountryName(d.Country)})
	case d.Country == "":
		country.Outcome, country.Reason = Warn, "issuing country not read"
	}
	out = append(out, country)
	birth := Check{Name: "policy.birth_date", Outcome: Pass}
	if d.BirthDate == nil || !d.BirthDate.Full() {
		birth.Outcome, birth.Code, birth.Reason = Fail, NoDateOfBirth, NoDateOfBirth.Message(MessageArgs{})
	} else {
		birth.Value = d.BirthDate.String()
	}
	out = append(out, birth)
	exp := Check{Name: "policy.expiry", Outcome: Pass}
	switch {
	case d.ExpiryDate == nil && slices.Contains(alwaysExpire, d.Type):
		exp.Outcome, exp.Code, exp.Reason = Warn, IDImageInvalidID, "expiry date not read"
	case d.ExpiryDate == nil:
		exp.Reason = "no expiry date printed" // national ID cards such as Korea's never expire
	case !expired(*d.ExpiryDate, now):
		exp.Value = d.ExpiryDate.String()
	default:
		exp.Value = d.ExpiryDate.String()
		exp.Outcome, exp.Code, exp.Reason = Fail, ExpiredID, ExpiredID.Message(MessageArgs{})
	}
	out = append(out, exp)
	if p.AgeLimit > 0 && d.BirthDate != nil && d.BirthDate.Full() {
		age := ageOn(*d.BirthDate, now)
		c := Check{Name: "policy.age", Outcome: Pass, Value: age, Threshold: p.AgeLimit}
		if age < p.AgeLimit {
			c.Outcome, c.Code = Fail, UnderAgeLimit
			c.Reason = UnderAgeLimit.Message(MessageArgs{AgeLimit: p.AgeLimit})
		}
		out = append(out, c)
	}
	return out
}

// alwaysExpire are the document types that always print an expiry date.
var alwaysExpire = []DocumentType{Passport, DriversLicense, ResidencePermit, Visa}

// expired reports whether a document valid until e (inclusive) has
// expired at now. A date without a day is valid to the end of its month.
func expired(e Date, now time.Time) bool {
	month, day := e.Month, e.Day
	if month == 0 {
		month = 12
	}
	if day == 0 {
		day = time.Date(e.Year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	end := time.Date(e.Year, time.Month(month), day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return !today.Before(end)
}
