package paper

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Sentinel errors. The typed errors of this package unwrap to one of them.
var (
	// ErrFont: the font is not a TrueType font that can print Vietnamese.
	ErrFont = errors.New("paper: unusable font")
	// ErrGlyph: a text holds a character the font (or the papers'
	// repertoire: Latin script with Vietnamese) cannot show.
	ErrGlyph = errors.New("paper: character not in the font")
	// ErrNotApplicable: the dossier's trail has no event the paper is
	// about (a receipt before receipt, an apology never made...).
	ErrNotApplicable = errors.New("paper: the dossier has no such paper")
	// ErrInput: a paper's input is malformed (unknown kind, bad lookup
	// URL, text over its limit).
	ErrInput = errors.New("paper: invalid input")
)

// FontError says why a font was refused. It unwraps to [ErrFont].
type FontError struct {
	// Why describes the problem.
	Why string
}

func (e *FontError) Error() string { return "paper: font: " + e.Why }

// Unwrap returns [ErrFont].
func (e *FontError) Unwrap() error { return ErrFont }

// Message returns the error for a person, in lang ("vi", the default, or "en").
func (e *FontError) Message(lang string) string { return message("font", lang, e.Why) }

// GlyphError names a character the font cannot show. It unwraps to
// [ErrGlyph].
type GlyphError struct {
	// Rune is the character.
	Rune rune
	// Text is the text it appears in, cut to 80 characters.
	Text string
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("paper: %q (U+%04X) is not in the font, in %q", e.Rune, e.Rune, cut80(e.Text))
}

// Unwrap returns [ErrGlyph].
func (e *GlyphError) Unwrap() error { return ErrGlyph }

// Message returns the error for a person, in lang.
func (e *GlyphError) Message(lang string) string {
	return message("glyph", lang, fmt.Sprintf("%q (U+%04X)", e.Rune, e.Rune))
}

// PaperError says why a paper cannot be made from a dossier. It unwraps to
// [ErrNotApplicable] or [ErrInput].
type PaperError struct {
	// Kind is the paper asked for.
	Kind Kind
	// Code is the dossier's code.
	Code string
	// Rule is the stable code of the problem: "no_event" (the trail has
	// no event for this paper), "kind", "lookup_url", "too_long",
	// "no_agency" — the key of [Message]'s table.
	Rule string
	// Detail says more, in English.
	Detail string
}

func (e *PaperError) Error() string {
	return fmt.Sprintf("paper: %s of %s: %s", e.Kind, cut80(e.Code), e.Detail)
}

// Unwrap returns [ErrNotApplicable] for "no_event", [ErrInput] otherwise.
func (e *PaperError) Unwrap() error {
	if e.Rule == "no_event" {
		return ErrNotApplicable
	}
	return ErrInput
}

// Message returns the error for a person, in lang.
func (e *PaperError) Message(lang string) string {
	return message(e.Rule, lang, e.Kind.Label(lang))
}

// messages are the display texts by stable code, Vietnamese then English;
// %s is the detail.
var messages = map[string][2]string{
	"font":       {"Phông chữ không dùng được: %s", "Unusable font: %s"},
	"glyph":      {"Phông chữ không có ký tự %s", "The font has no glyph for %s"},
	"no_event":   {"Hồ sơ không có sự kiện để lập %s", "The dossier has no event for a %s"},
	"kind":       {"Không có mẫu giấy tờ này (%s)", "No such paper (%s)"},
	"lookup_url": {"Địa chỉ tra cứu không hợp lệ (%s)", "Invalid lookup address (%s)"},
	"too_long":   {"Nội dung quá dài để lập %s", "Text too long for a %s"},
	"no_agency":  {"Chưa có tên cơ quan để lập %s", "No agency name for a %s"},
}

func message(code, lang, detail string) string {
	m, ok := messages[code]
	if !ok {
		m = [2]string{"Lỗi lập giấy tờ: %s", "Paper error: %s"}
	}
	if vnfmt.English(lang) {
		return fmt.Sprintf(m[1], detail)
	}
	return fmt.Sprintf(m[0], detail)
}

// ErrorCode returns the stable code of err: the rule of a [*PaperError],
// "font" or "glyph"; "" for nil and "error" for anything else.
func ErrorCode(err error) string {
	var pe *PaperError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pe):
		return pe.Rule
	case errors.Is(err, ErrFont):
		return "font"
	case errors.Is(err, ErrGlyph):
		return "glyph"
	}
	return "error"
}

// Message returns err for a person in lang ("vi", the default, or "en"),
// from the message table; other errors give their Error text.
func Message(err error, lang string) string {
	var pe *PaperError
	var fe *FontError
	var ge *GlyphError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &pe):
		return pe.Message(lang)
	case errors.As(err, &fe):
		return fe.Message(lang)
	case errors.As(err, &ge):
		return ge.Message(lang)
	}
	return err.Error()
}

func cut80(s string) string {
	if len(s) <= 80 {
		return s
	}
	n := 0
	for i := range s {
		if n == 80 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
