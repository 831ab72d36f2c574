package fees

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/vntime"
)

// Explain writes the quote as text a clerk can read aloud, in lang: "vi"
// (Vietnamese) or "en" (English). Each line gives the item, its legal
// basis, every rule and its arithmetic, every adjustment with its legal
// basis and the amount before and after it, the rounding, and the amount
// due; the last line is the total. Amounts are written the Vietnamese way
// ("1.234.000 ₫") in both languages. Another lang is an error wrapping
// [ErrLanguage].
func (q Quote) Explain(lang string) (string, error) {
	var w *words
	switch lang {
	case "vi":
		w = &wordsVI
	case "en":
		w = &wordsEN
	default:
		return "", fmt.Errorf("fees: explain in %q: %w", lang, ErrLanguage)
	}
	var b strings.Builder
	b.WriteString(w.title)
	b.WriteByte('\n')
	fmt.Fprintf(&b, "%s: %s %s", w.at, q.At.In(vntime.Location).Format("02/01/2006 15:04"), w.vnTime)
	fmt.Fprintf(&b, "; %s: %s", w.channel, q.Channel.Label(lang))
	for i, g := range q.Groups {
		sep := ", "
		if i == 0 {
			sep = "; " + w.groups + ": "
		}
		b.WriteString(sep)
		b.WriteString(g.Name.In(lang))
	}
	if q.Locality.Code != "" {
		fmt.Fprintf(&b, "; %s: %s", w.locality, q.Locality.Name.In(lang))
	}
	b.WriteByte('\n')
	for i := range q.Lines {
		l := &q.Lines[i]
		fmt.Fprintf(&b, "\n%d. %s [%s] (%s)\n", i+1, l.Name.In(lang), l.Code, l.Kind.Label(lang))
		fmt.Fprintf(&b, "   %s: %s (%s %s", w.basis, l.Basis, w.since, dateText(l.From, lang))
		if !l.Until.IsZero() {
			fmt.Fprintf(&b, " %s %s", w.until, dateText(l.Until, lang))
		}
		b.WriteString(")\n")
		for k := range l.Parts {
			b.WriteString("   - ")
			writePart(&b, w, lang, l, &l.Parts[k])
			b.WriteByte('\n')
		}
		if len(l.Parts) > 1 {
			fmt.Fprintf(&b, "   %s: %s\n", w.base, l.Base)
		}
		for k := range l.Adjustments {
			a := &l.Adjustments[k]
			fmt.Fprintf(&b, "   * %s (%s): %s", a.Name.In(lang), a.Basis, effectText(w, lang, a))
			if a.Component != "" {
				fmt.Fprintf(&b, " %s %q", w.component, a.Component)
			}
			fmt.Fprintf(&b, ": %s → %s\n", a.Before, a.After)
		}
		if !l.Unrounded.IsInteger() {
			fmt.Fprintf(&b, "   %s (%s): %s → %s\n", w.rounding, roundingText(lang, l.Rounding), l.Unrounded, l.Amount)
		}
		fmt.Fprintf(&b, "   %s: %s\n", w.due, l.Amount)
	}
	fmt.Fprintf(&b, "\n%s: %s\n", w.total, q.Total)
	return b.String(), nil
}

type words struct {
	title, at, channel, groups, locality, basis, since, until, base   string
	component, rounding, due, total, copy, copies, units, value, over string
	free, flat, floor, cap, capApplied, floorApplied, bracketFrom     string
	exempt, pay, set, decimal, vnTime                                 string
}

var wordsVI = words{
	title: "BẢNG TÍNH PHÍ, LỆ PHÍ", at: "Thời điểm", channel: "Hình thức nộp", groups: "Đối tượng",
	locality: "Địa bàn", basis: "Căn cứ", since: "áp dụng từ", until: "đến trước", base: "Cộng",
	component: "đối với phần", rounding: "Làm tròn", due: "Phải nộp", total: "TỔNG CỘNG",
	copy: "bản", copies: "bản", units: "đơn vị", value: "Giá trị kê khai", over: "phần vượt",
	free: "Không thu", flat: "Mức thu", floor: "tối thiểu", cap: "tối đa",
	capApplied: "áp dụng mức tối đa", floorApplied: "áp dụng mức tối thiểu", bracketFrom: "bậc từ",
	exempt: "miễn", pay: "thu", set: "mức thu còn", decimal: ",", vnTime: "(giờ Việt Nam)",
}

var wordsEN = words{
	title: "FEES AND CHARGES", at: "Time", channel: "Channel", groups: "Groups",
	locality: "Locality", basis: "Legal basis", since: "in force from", until: "until before", base: "Sum",
	component: "on part", rounding: "Rounding", due: "Due", total: "TOTAL",
	copy: "copy", copies: "copies", units: "units", value: "Declared value", over: "excess over",
	free: "Free", flat: "Amount", floor: "floor", cap: "cap",
	capApplied: "cap applied", floorApplied: "floor applied", bracketFrom: "bracket from",
	exempt: "exempt", pay: "pay", set: "amount set to", decimal: ".", vnTime: "(Vietnam time)",
}

func enumIndex(i, n int) int {
	if i < 0 || i >= n {
		return 0
	}
	return i
}

func dateText(d Date, lang string) string {
	if lang == "vi" {
		return d.vi()
	}
	return d.String()
}

func roundingText(lang string, r Rounding) string {
	i := enumIndex(int(r), len(roundingNames))
	if lang == "vi" {
		return roundingVI[i]
	}
	return roundingEN[i]
}

// rateText writes r as a percentage with the language's decimal mark.
func rateText(w *words, r Rate) string {
	return strings.Replace(r.String(), ".", w.decimal, 1)
}

func effectText(w *words, lang string, a *Applied) string {
	switch a.Effect {
	case Exempt:
		return w.exempt
	case Multiply:
		return w.pay + " " + rateText(w, a.Rate)
	case SetAmount:
		return w.set + " " + a.Amount.String()
	}
	return effectNames[0]
}

func writePart(b *strings.Builder, w *words, lang string, l *Line, p *Part) {
	label := p.Label.In(lang)
	if label == "" {
		label = w.flat
	}
	b.WriteString(label)
	b.WriteString(": ")
	switch p.Form {
	case FormFree:
		b.WriteString(w.free)
		return
	case FormFlat:
		b.WriteString(p.Amount.String())
		return
	case FormPerUnit:
		unit := l.Unit.In(lang)
		if unit == "" {
			unit = w.units
		}
		if lang == "vi" {
			fmt.Fprintf(b, "%d %s", l.Quantity, unit)
		} else {
			fmt.Fprintf(b, "%d (%s)", l.Quantity, unit)
		}
		for i, t := range p.Tiers {
			sep := ", "
			if i == 0 {
				sep = " ("
			}
			fmt.Fprintf(b, "%s%d × %s", sep, t.Units, t.Price)
		}
		if len(p.Tiers) > 0 {
			b.WriteString(")")
		}
		if p.Cap > 0 {
			fmt.Fprintf(b, ", %s %s/%s", w.capApplied, p.Cap, w.copy)
		}
		if p.Copies != 1 {
			fmt.Fprintf(b, " = %s/%s × %d %s", p.PerCopy, w.copy, p.Copies, w.copies)
		}
		fmt.Fprintf(b, " = %s", p.Amount)
	case FormPercent:
		fmt.Fprintf(b, "%s × %s", rateText(w, p.Rate), p.Value)
		writeBounds(b, w, p)
		fmt.Fprintf(b, " = %s", p.Amount)
	case FormBrackets:
		br := &p.Bracket
		fmt.Fprintf(b, "%s %s, %s %s: ", w.value, p.Value, w.bracketFrom, br.From)
		parts := 0
		if br.Fixed != 0 || p.Rate.IsZero() {
			b.WriteString(br.Fixed.String())
			parts++
		}
		if !p.Rate.IsZero() {
			if parts > 0 {
				b.WriteString(" + ")
			}
			if br.ExcessOver > 0 {
				fmt.Fprintf(b, "%s × (%s − %s)", rateText(w, p.Rate), p.Value, br.ExcessOver)
			} else {
				fmt.Fprintf(b, "%s × %s", rateText(w, p.Rate), p.Value)
			}
		}
		writeBounds(b, w, p)
		if !p.Rate.IsZero() || p.Floor > 0 || p.Cap > 0 {
			fmt.Fprintf(b, " = %s", p.Amount)
		}
	default:
		b.WriteString(p.Amount.String())
	}
}

func writeBounds(b *strings.Builder, w *words, p *Part) {
	if p.Floor > 0 {
		fmt.Fprintf(b, ", %s %s", w.floorApplied, p.Floor)
	}
	if p.Cap > 0 {
		fmt.Fprintf(b, ", %s %s", w.capApplied, p.Cap)
	}
}
