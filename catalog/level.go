package catalog

import (
	"fmt"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Level is the level of government that handles a procedure. The zero value
// is unknown ([LevelUnknown], labelled "Không rõ"). Text forms are the stable English identifiers "commune",
// "district", "province" and "central"; [Level.Label] gives display names.
type Level uint8

// Levels of government. The district level was abolished on 1 July 2025
// (Decree 118/2025/NĐ-CP); it is kept for history and for provinces that
// still report by it.
const (
	LevelUnknown Level = iota
	Commune            // cấp xã: commune, ward, special zone
	District           // cấp huyện (until 30 June 2025)
	Province           // cấp tỉnh
	Central            // cấp trung ương: ministries and central agencies
)

var levelNames = [...]string{"", "commune", "district", "province", "central"}

var levelLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Cấp xã", "Commune level"},
	{"Cấp huyện", "District level"},
	{"Cấp tỉnh", "Provincial level"},
	{"Cấp trung ương", "Central level"},
}

// Valid reports whether l is one of the defined levels.
func (l Level) Valid() bool { return l >= Commune && l <= Central }

// String returns the stable identifier ("commune"...), or "Level(n)".
func (l Level) String() string {
	if l.Valid() {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// Label returns the display name in lang ("vi", the default, or "en"):
// "Cấp xã", "Commune level"...; "Không rõ" ("Unknown") for [LevelUnknown],
// [Level.String] for undefined values.
func (l Level) Label(lang string) string {
	if l != LevelUnknown && !l.Valid() {
		return l.String()
	}
	return levelLabels[l][langIndex(lang)]
}

// MarshalText implements encoding.TextMarshaler; unknown levels are an error.
func (l Level) MarshalText() ([]byte, error) {
	if !l.Valid() {
		return nil, fmt.Errorf("%w: %d", ErrUnknownLevel, uint8(l))
	}
	return []byte(levelNames[l]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// ParseLevel parses a stable identifier such as "province".
func ParseLevel(s string) (Level, error) {
	for i := Commune; i <= Central; i++ {
		if levelNames[i] == s {
			return i, nil
		}
	}
	return LevelUnknown, fmt.Errorf("%w: %q", ErrUnknownLevel, s)
}

// OnlineLevel says how far a procedure can be done online. The zero value is
// unknown ([OnlineUnknown], labelled "Không rõ"). Text forms are "offline", "partial" and "full".
type OnlineLevel uint8

// Online levels, as Decree 42/2022/NĐ-CP defines online public services.
const (
	OnlineUnknown OnlineLevel = iota
	Offline                   // not online (legacy levels 1 and 2)
	Partial                   // dịch vụ công trực tuyến một phần (legacy level 3)
	Full                      // dịch vụ công trực tuyến toàn trình (legacy level 4)
)

var onlineNames = [...]string{"", "offline", "partial", "full"}

var onlineLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Trực tiếp", "Offline"},
	{"Trực tuyến một phần", "Partly online"},
	{"Trực tuyến toàn trình", "Fully online"},
}

// FromLegacyLevel maps the online service levels 1–4 used before Decree
// 42/2022/NĐ-CP: 1 and 2 are [Offline], 3 is [Partial], 4 is [Full].
func FromLegacyLevel(n int) (OnlineLevel, error) {
	switch n {
	case 1, 2:
		return Offline, nil
	case 3:
		return Partial, nil
	case 4:
		return Full, nil
	}
	return OnlineUnknown, fmt.Errorf("%w: %d", ErrLegacyLevel, n)
}

// Valid reports whether o is one of the defined online levels.
func (o OnlineLevel) Valid() bool { return o >= Offline && o <= Full }

// IsOnline reports whether the procedure can be filed online ([Partial] or [Full]).
func (o OnlineLevel) IsOnline() bool { return o == Partial || o == Full }

// String returns the stable identifier ("offline"...), or "OnlineLevel(n)".
func (o OnlineLevel) String() string {
	if o.Valid() {
		return onlineNames[o]
	}
	return fmt.Sprintf("OnlineLevel(%d)", uint8(o))
}

// Label returns the display name in lang ("vi", the default, or "en"):
// "Trực tuyến toàn trình", "Fully online"...; "Không rõ" ("Unknown") for
// [OnlineUnknown], [OnlineLevel.String] for undefined values.
func (o OnlineLevel) Label(lang string) string {
	if o != OnlineUnknown && !o.Valid() {
		return o.String()
	}
	return onlineLabels[o][langIndex(lang)]
}

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (o OnlineLevel) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("%w: online level %d", ErrUnknownLevel, uint8(o))
	}
	return []byte(onlineNames[o]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *OnlineLevel) UnmarshalText(b []byte) error {
	v, err := ParseOnlineLevel(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// ParseOnlineLevel parses a stable identifier such as "full".
func ParseOnlineLevel(s string) (OnlineLevel, error) {
	for i := Offline; i <= Full; i++ {
		if onlineNames[i] == s {
			return i, nil
		}
	}
	return OnlineUnknown, fmt.Errorf("%w: online level %q", ErrUnknownLevel, s)
}

// langIndex maps a language tag to the label column: English for tags
// starting with "en", Vietnamese otherwise.
func langIndex(lang string) int {
	if vnfmt.English(lang) {
		return 1
	}
	return 0
}
