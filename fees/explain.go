package fees

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Explain writes the quote as text a clerk can read aloud, in lang: "vi"
// or "" (Vietnamese, "vi-VN" too) or "en" (English, "en-US" too). Each line gives the item, its legal
// basis, every rule and its arithmetic, every adjustment with its legal
// basis and the amount before and after it (naming the rule it applies to
// by its label), the rounding, and the amount due; the last line is the
// total. Amounts are written in the language's way: "1.234.000 ₫" in
// Vietnamese, "1,234,000 VND" in English; dates are dd/mm/yyyy in both.
// Another lang is an error wrapping [ErrLanguage].
func (q Quote) Explain(lang string) (string, error) {
	var w *words
	switch {
	case vnfmt.English(lang):
		w, lang = &wordsEN, LangEN
	case lang == "" || lang == LangVI || strings.HasPrefix(lang, LangVI+"-"):
		w, lang = &wordsVI, LangVI
	default:
		return "", fmt.Errorf("fees: explain in %q: %w", lang, ErrLanguage)
	}
	x := explainer{w: w, lang: lang}
	var b strings.Builder
	b.WriteString(w.title)
	b.WriteByte('\n')
	fmt.Fprintf(&b, "%s: %s %s", w.at, vnfmt.DateTime(q.At.In(Location), lang), w.vnTime)
	fmt.Fprintf(&b, "; %s: %s", w.channel, q.Channel.Label(lang))
	for i, g := range q.Groups {
		sep := ", "
		if i == 0 {
			sep = "; " + w.groups + ": "
		}
		b.WriteString(sep)
		b.WriteString(g.Name.Get(lang))
	}
	if q.Locality.Code != "" {
		fmt.Fprintf(&b, "; %s: %s", w.locality, q.Locality.Name.Get(lang))
	}
	b.WriteByte('\n')
	for i := range q.Lines {
		l := &q.Lines[i]
		fmt.Fprintf(&b, "\n%d. %s [%s] (%s)\n", i+1, l.Name.Get(lang), l.Code, l.Kind.Label(lang))
		fmt.Fprintf(&b, "   %s: %s (%s %s", w.basis, l.Basis, w.since, vnfmt.Date(l.From.Time()))
		if !l.Until.IsZero() {
			fmt.Fprintf(&b, " %s %s", w.until, vnfmt.Date(l.Until.Time()))
		}
		b.WriteString(")\n")
		for k := range l.Parts {
			b.WriteString("   - ")
			x.part(&b, l, &l.Parts[k])
			b.WriteByte('\n')
		}
		if len(l.Parts) > 1 {
			fmt.Fprintf(&b, "   %s: %s\n", w.base, x.exact(l.Base))
		}
		for k := range l.Adjustments {
			a := &l.Adjustments[k]
			fmt.Fprintf(&b, "   * %s (%s): %s", a.Name.Get(lang), a.Basis, x.effect(a))
			if a.Component != "" {
				fmt.Fprintf(&b, " %s “%s”", w.component, x.component(l, a.Component))
			}
			fmt.Fprintf(&b, ": %s → %s\n", x.exact(a.Before), x.exact(a.After))
		}
		if !l.Unrounded.IsInteger() {
			fmt.Fprintf(&b, "   %s (%s): %s → %s\n", w.rounding, l.Rounding.Label(lang), x.exact(l.Unrounded), x.money(l.Amount))
		}
		fmt.Fprintf(&b, "   %s: %s\n", w.due, x.money(l.Amount))
	}
	fmt.Fprintf(&b, "\n%s: %s\n", w.total, x.money(q.Total))
	return b.String(), nil
}

// explainer writes the parts of an explanation in one language.
type explainer struct {
	w    *words
	lang string
}

func (x explainer) money(m Money) string { return m.Format(x.lang) }

func (x explainer) exact(e Exact) string { return e.Format(x.lang) }

// component names the rule an adjustment applies to by its label (or, for
// a rule without one, by its form), never by its id; the id is shown only
// for a stored quote whose line has no part with it.
func (x explainer) component(l *Line, id string) string {
	for k := range l.Parts {
		if p := &l.Parts[k]; p.ID == id {
			if label := p.Label.Get(x.lang); label != "" {
				return label
			}
			return p.Form.Label(x.lang)
		}
	}
	return id
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

// rate writes r as a percentage with the language's decimal mark.
func (x explainer) rate(r Rate) string {
	return strings.Replace(r.String(), ".", x.w.decimal, 1)
}

func (x explainer) effect(a *Applied) string {
	switch a.Effect {
	case Exempt:
		return x.w.exempt
	case Multiply:
		return x.w.pay + " " + x.rate(a.Rate)
	case SetAmount:
		return x.w.set + " " + x.money(a.Amount)
	case EffectUnknown:
	}
	return a.Effect.Label(x.lang)
}

func (x explainer) part(b *strings.Builder, l *Line, p *Part) {
	w, lang := x.w, x.lang
	label := p.Label.Get(lang)
	if label == "" {
		label = w.flat
	}
	b.WriteString(label)
	b.WriteString(": ")
	switch p.Form {
	case RuleFree:
		b.WriteString(w.free)
		return
	case RuleFlat:
		b.WriteString(x.exact(p.Amount))
		return
	case RulePerUnit:
		unit := l.Unit.Get(lang)
		if unit == "" {
			unit = w.units
		}
		if lang == LangVI {
			fmt.Fprintf(b, "%s %s", vnfmt.Int(l.Quantity, lang), unit)
		} else {
			fmt.Fprintf(b, "%s (%s)", vnfmt.Int(l.Quantity, lang), unit)
		}
		for i, t := range p.Tiers {
			sep := ", "
			if i == 0 {
				sep = " ("
			}
			fmt.Fprintf(b, "%s%s × %s", sep, vnfmt.Int(t.Units, lang), x.money(t.Price))
		}
		if len(p.Tiers) > 0 {
			b.WriteString(")")
		}
		if p.Cap > 0 {
			fmt.Fprintf(b, ", %s %s/%s", w.capApplied, x.money(p.Cap), w.copy)
		}
		if p.Copies != 1 {
			fmt.Fprintf(b, " = %s/%s × %s %s", x.exact(p.PerCopy), w.copy, vnfmt.Int(p.Copies, lang), w.copies)
		}
		fmt.Fprintf(b, " = %s", x.exact(p.Amount))
	case RulePercent:
		fmt.Fprintf(b, "%s × %s", x.rate(p.Rate), x.money(p.Value))
		x.bounds(b, p)
		fmt.Fprintf(b, " = %s", x.exact(p.Amount))
	case RuleBrackets:
		br := &p.Bracket
		fmt.Fprintf(b, "%s %s, %s %s: ", w.value, x.money(p.Value), w.bracketFrom, x.money(br.From))
		parts := 0
		if br.Fixed != 0 || p.Rate.IsZero() {
			b.WriteString(x.money(br.Fixed))
			parts++
		}
		if !p.Rate.IsZero() {
			if parts > 0 {
				b.WriteString(" + ")
			}
			if br.ExcessOver > 0 {
				fmt.Fprintf(b, "%s × (%s − %s)", x.rate(p.Rate), x.money(p.Value), x.money(br.ExcessOver))
			} else {
				fmt.Fprintf(b, "%s × %s", x.rate(p.Rate), x.money(p.Value))
			}
		}
		x.bounds(b, p)
		if !p.Rate.IsZero() || p.Floor > 0 || p.Cap > 0 {
			fmt.Fprintf(b, " = %s", x.exact(p.Amount))
		}
	default: // RuleFormUnknown, in a hand-written stored quote

		b.WriteString(x.exact(p.Amount))
	}
}

func (x explainer) bounds(b *strings.Builder, p *Part) {
	if p.Floor > 0 {
		fmt.Fprintf(b, ", %s %s", x.w.floorApplied, x.money(p.Floor))
	}
	if p.Cap > 0 {
		fmt.Fprintf(b, ", %s %s", x.w.capApplied, x.money(p.Cap))
	}
}
