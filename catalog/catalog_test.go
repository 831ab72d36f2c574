package catalog

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/vntime"
)

func proc(code, name string) Procedure {
	return Procedure{Code: code, Name: name, Levels: []Level{Commune}, Online: Full}
}

func TestNewReportsEveryProblem(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return vntime.Date(y, m, day) }
	tests := []struct {
		name  string
		procs []Procedure
		want  []error // sentinels, in the order of the problems
		field []string
	}{
		{"valid", []Procedure{proc("1.1", "A"), proc("1.2", "B")}, nil, nil},
		{"empty code", []Procedure{proc("", "A")}, []error{ErrEmptyCode}, []string{"Code"}},
		{"empty name", []Procedure{proc("1.1", "")}, []error{ErrEmptyName}, []string{"Name"}},
		{"negative days", []Procedure{func() Procedure { p := proc("1.1", "A"); p.ProcessingDays = -1; return p }()},
			[]error{ErrNegativeDays}, []string{"ProcessingDays"}},
		{"unknown level", []Procedure{func() Procedure { p := proc("1.1", "A"); p.Levels = []Level{Commune, 9}; return p }()},
			[]error{ErrUnknownLevel}, []string{"Levels[1]"}},
		{"unknown online level", []Procedure{func() Procedure { p := proc("1.1", "A"); p.Online = 0; return p }()},
			[]error{ErrUnknownLevel}, []string{"Online"}},
		{"unnamed document", []Procedure{func() Procedure {
			p := proc("1.1", "A")
			p.Documents = []Requirement{{Name: "Tờ khai"}, {Originals: 1}}
			return p
		}()}, []error{ErrUnnamedDocument}, []string{"Documents[1].Name"}},
		{"unnamed document in a case", []Procedure{func() Procedure {
			p := proc("1.1", "A")
			p.Cases = []Case{{Name: "x", Documents: []Requirement{{Copies: -1}}}}
			return p
		}()}, []error{ErrUnnamedDocument, ErrInvalidDocument}, []string{"Cases[0].Documents[0].Name", "Cases[0].Documents[0]"}},
		{"ValidTo before ValidFrom", []Procedure{func() Procedure {
			p := proc("1.1", "A")
			p.ValidFrom, p.ValidTo = d(2025, 7, 1), d(2025, 1, 1)
			return p
		}()}, []error{ErrValidity}, []string{"ValidTo"}},
		{"ValidTo equal to ValidFrom", []Procedure{func() Procedure {
			p := proc("1.1", "A")
			p.ValidFrom, p.ValidTo = d(2025, 7, 1), d(2025, 7, 1)
			return p
		}()}, []error{ErrValidity}, []string{"ValidTo"}},
		{"duplicate code, both open", []Procedure{proc("1.1", "A"), proc("1.1", "B")},
			[]error{ErrDuplicateCode}, []string{"ValidFrom"}},
		{"overlapping versions", []Procedure{
			func() Procedure { p := proc("1.1", "A"); p.ValidTo = d(2025, 7, 2); return p }(),
			func() Procedure { p := proc("1.1", "B"); p.ValidFrom = d(2025, 7, 1); return p }(),
		}, []error{ErrDuplicateCode}, []string{"ValidFrom"}},
		{"adjacent versions are fine", []Procedure{
			func() Procedure { p := proc("1.1", "A"); p.ValidTo = d(2025, 7, 1); return p }(),
			func() Procedure { p := proc("1.1", "B"); p.ValidFrom = d(2025, 7, 1); return p }(),
		}, nil, nil},
		{"bad channel terms", []Procedure{func() Procedure {
			p := proc("1.1", "A")
			p.Channels = []ChannelTerms{{Channel: 7, Unit: WorkingDays, Time: -2}}
			return p
		}()}, []error{ErrUnknownLevel, ErrNegativeDays}, []string{"Channels[0].Channel", "Channels[0].Time"}},
		{"bad fees, variants, return methods, legal refs", []Procedure{func() Procedure {
			p := proc("1.1", "A")
			p.Channels = []ChannelTerms{{Channel: Online, Unit: Months, Time: 2,
				Fees: []FeeNote{{Kind: 4, Currency: "US"}, {Kind: Charge, Currency: "VND"}}}}
			p.Variants = []Variant{{Code: "1.1.01", Time: -1, Unit: Months}, {Code: "1.1.02", Unit: 9}}
			p.ReturnMethods = []Channel{Post, 0}
			p.LegalRefs = []LegalRef{{Code: "1/2025/NĐ-CP"}, {}}
			return p
		}()}, []error{ErrUnknownLevel, ErrInvalidFee, ErrNegativeDays, ErrUnknownLevel, ErrUnknownLevel, ErrEmptyName},
			[]string{"Channels[0].Fees[0].Kind", "Channels[0].Fees[0].Currency", "Variants[0].Time", "Variants[1].Unit", "ReturnMethods[1]", "LegalRefs[1]"}},
		{"several procedures, several problems", []Procedure{proc("", ""), proc("1.2", "B"), proc("1.3", "")},
			[]error{ErrEmptyCode, ErrEmptyName, ErrEmptyName}, []string{"Code", "Name", "Name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.procs...)
			if tt.want == nil {
				require.NoError(t, err)
				require.NotNil(t, c)
				return
			}
			require.Error(t, err)
			assert.Nil(t, c)
			var ce *ConsistencyError
			require.ErrorAs(t, err, &ce)
			require.Len(t, ce.Problems, len(tt.want), "%v", err)
			for i, p := range ce.Problems {
				assert.ErrorIs(t, p, tt.want[i])
				assert.Equal(t, tt.field[i], p.Field)
				assert.ErrorIs(t, err, tt.want[i])
			}
			assert.Contains(t, err.Error(), tt.field[0])
		})
	}
}

func TestNewCopiesInput(t *testing.T) {
	p := proc("1.1", "Đăng ký khai sinh")
	p.Documents = []Requirement{{Name: "Tờ khai"}}
	c, err := New(p)
	require.NoError(t, err)
	p.Documents[0].Name = "changed"
	p.Levels[0] = Province
	got, ok := c.Get("1.1", time.Time{})
	require.True(t, ok)
	assert.Equal(t, "Tờ khai", got.Documents[0].Name)
	assert.Equal(t, []Level{Commune}, got.Levels)
}

func TestCloneIsDeep(t *testing.T) {
	p := proc("1.1", "A")
	p.Documents = []Requirement{{Name: "Tờ khai", MediaTypes: []string{"application/pdf"}}}
	p.Cases = []Case{{Documents: []Requirement{{Name: "x", MediaTypes: []string{"image/png"}}}}}
	p.Channels = []ChannelTerms{{Channel: Online, Unit: Months, Fees: []FeeNote{{Kind: Fee}}}}
	p.FeeItems, p.LegalBasis, p.Subjects, p.Steps = []string{"f"}, []string{"l"}, []string{"s"}, []string{"b"}
	p.LegalRefs = []LegalRef{{Code: "c"}}
	p.ReturnMethods = []Channel{Counter}
	p.Variants = []Variant{{Code: "v", Unit: Months}}
	q := p.Clone()
	require.Equal(t, p, q)
	q.Levels[0] = Central
	q.Documents[0].MediaTypes[0] = "x"
	q.Cases[0].Documents[0].MediaTypes[0] = "x"
	q.Channels[0].Fees[0].Kind = Charge
	q.FeeItems[0], q.LegalBasis[0], q.Subjects[0], q.Steps[0] = "x", "x", "x", "x"
	q.LegalRefs[0].Code = "x"
	q.ReturnMethods[0] = Post
	q.Variants[0].Code = "x"
	assert.Equal(t, Commune, p.Levels[0])
	assert.Equal(t, "application/pdf", p.Documents[0].MediaTypes[0])
	assert.Equal(t, "image/png", p.Cases[0].Documents[0].MediaTypes[0])
	assert.Equal(t, Fee, p.Channels[0].Fees[0].Kind)
	assert.Equal(t, []string{"f", "l", "s", "b"}, []string{p.FeeItems[0], p.LegalBasis[0], p.Subjects[0], p.Steps[0]})
	assert.Equal(t, "c", p.LegalRefs[0].Code)
	assert.Equal(t, Counter, p.ReturnMethods[0])
	assert.Equal(t, "v", p.Variants[0].Code)
}

func TestGetVersions(t *testing.T) {
	cut := vntime.Date(2025, 7, 1)
	old := proc("1.001193", "Đăng ký khai sinh (cũ)")
	old.ValidTo = cut
	cur := proc("1.001193", "Đăng ký khai sinh")
	cur.ValidFrom = cut
	future := proc("1.000001", "Thủ tục mới")
	future.ValidFrom = vntime.Date(2027, 1, 1)
	c, err := New(cur, old, future)
	require.NoError(t, err)

	tests := []struct {
		name   string
		code   string
		at     time.Time
		want   string
		wantOK bool
	}{
		{"before the amendment", "1.001193", cut.Add(-time.Nanosecond), "Đăng ký khai sinh (cũ)", true},
		{"at the amendment", "1.001193", cut, "Đăng ký khai sinh", true},
		{"zero time gives the newest", "1.001193", time.Time{}, "Đăng ký khai sinh", true},
		{"not yet in force", "1.000001", vntime.Date(2026, 1, 1), "", false},
		{"in force later", "1.000001", vntime.Date(2027, 1, 1), "Thủ tục mới", true},
		{"unknown code", "9.999999", cut, "", false},
		{"UTC instant is the same instant", "1.001193", time.Date(2025, 6, 30, 17, 0, 0, 0, time.UTC), "Đăng ký khai sinh", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := c.Get(tt.code, tt.at)
			require.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, p.Name)
		})
	}
	vs := c.Versions("1.001193")
	require.Len(t, vs, 2)
	assert.Equal(t, "Đăng ký khai sinh (cũ)", vs[0].Name)
	assert.Equal(t, 3, c.Len())
}

func TestLevels(t *testing.T) {
	tests := []struct {
		level Level
		text  string
		vi    string
		en    string
	}{
		{Commune, "commune", "Cấp xã", "Commune level"},
		{District, "district", "Cấp huyện", "District level"},
		{Province, "province", "Cấp tỉnh", "Provincial level"},
		{Central, "central", "Cấp trung ương", "Central level"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.text, tt.level.String())
			assert.Equal(t, tt.vi, tt.level.Label("vi"))
			assert.Equal(t, tt.vi, tt.level.Label(""))
			assert.Equal(t, tt.en, tt.level.Label("en-US"))
			b, err := tt.level.MarshalText()
			require.NoError(t, err)
			var back Level
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, tt.level, back)
		})
	}
	_, err := Level(0).MarshalText()
	require.ErrorIs(t, err, ErrUnknownLevel)
	var l Level
	require.ErrorIs(t, l.UnmarshalText([]byte("ward")), ErrUnknownLevel)
	assert.Equal(t, "Level(9)", Level(9).String())
}

func TestOnlineLevels(t *testing.T) {
	for _, tt := range []struct {
		legacy int
		want   OnlineLevel
		err    error
	}{
		{0, OnlineUnknown, ErrLegacyLevel},
		{1, Offline, nil},
		{2, Offline, nil},
		{3, Partial, nil},
		{4, Full, nil},
		{5, OnlineUnknown, ErrLegacyLevel},
		{-1, OnlineUnknown, ErrLegacyLevel},
	} {
		got, err := FromLegacyLevel(tt.legacy)
		if tt.err != nil {
			require.ErrorIs(t, err, tt.err, "level %d", tt.legacy)
		} else {
			require.NoError(t, err)
		}
		assert.Equal(t, tt.want, got, "level %d", tt.legacy)
	}
	assert.Equal(t, "Trực tuyến toàn trình", Full.Label("vi"))
	assert.Equal(t, "Partly online", Partial.Label("en"))
	assert.Equal(t, "offline", Offline.String())
	assert.True(t, Partial.IsOnline())
	assert.False(t, Offline.IsOnline())
	var o OnlineLevel
	require.NoError(t, o.UnmarshalText([]byte("full")))
	assert.Equal(t, Full, o)
	require.ErrorIs(t, o.UnmarshalText([]byte("4")), ErrUnknownLevel)
}

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Đăng ký khai sinh", "dang ki khai sinh"},
		{"ĐĂNG KÝ KHAI SINH", "dang ki khai sinh"},
		{"dang ky khai sinh", "dang ki khai sinh"},
		{"  Hòa giải,  tranh chấp đất đai. ", "hoa giai tranh chap dat dai"},
		{"Thanh Hoá", "thanh hoa"},
		{"Thanh Hóa", "thanh hoa"},
		{"Thanh Ho\u0061\u0301", "thanh hoa"}, // decomposed input
		{"1.001193", "1 001193"},
		{"Người nước ngoài", "nguoi nuoc ngoai"},
		{"Ở, ỡ, ự, ỷ", "o o u y"},
		{"", ""},
		{"!!!", ""},
	} {
		assert.Equal(t, tt.want, Fold(tt.in), "Fold(%q)", tt.in)
	}
}

func TestConsistencyErrorMessage(t *testing.T) {
	_, err := New(proc("1.1", ""), proc("1.1", "B"))
	require.Error(t, err)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "catalog: 2 problem(s):"), msg)
	assert.Contains(t, msg, `procedure #0 "1.1": Name: catalog: empty name`)
	assert.Contains(t, msg, `procedure #1 "1.1": ValidFrom: catalog: duplicate code in overlapping validity: overlaps procedure #0`)
	assert.True(t, errors.Is(err, ErrDuplicateCode))
}

func TestNewOwned(t *testing.T) {
	mk := func(code, name string, from time.Time) Procedure {
		return Procedure{Code: code, Name: name, Levels: []Level{Commune}, Online: Full, ValidFrom: from}
	}
	jan, jul := vntime.Date(2025, 1, 1), vntime.Date(2025, 7, 1)
	old := mk("1.1", "A old", jan)
	old.ValidTo = jul
	tests := []struct {
		name      string
		procs     []Procedure
		wantCodes []string
		wantErr   error
	}{
		{"sorted in place", []Procedure{mk("3.1", "C", time.Time{}), mk("1.1", "A new", jul), mk("2.1", "B", time.Time{}), old},
			[]string{"1.1", "1.1", "2.1", "3.1"}, nil},
		{"a long cycle", []Procedure{mk("5", "E", time.Time{}), mk("1", "A", time.Time{}), mk("2", "B", time.Time{}), mk("3", "C", time.Time{}), mk("4", "D", time.Time{})},
			[]string{"1", "2", "3", "4", "5"}, nil},
		{"empty", nil, nil, nil},
		{"a problem leaves procs unchanged", []Procedure{mk("2", "B", time.Time{}), mk("1", "", time.Time{})}, []string{"2", "1"}, ErrEmptyName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := New(tt.procs...)
			c, errOwned := NewOwned(tt.procs)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.ErrorIs(t, errOwned, tt.wantErr)
				assert.Nil(t, c)
				var codes []string
				for _, p := range tt.procs {
					codes = append(codes, p.Code)
				}
				assert.Equal(t, tt.wantCodes, codes)
				return
			}
			require.NoError(t, err)
			require.NoError(t, errOwned)
			assert.Equal(t, allProcs(want), allProcs(c), "as New")
			var codes []string
			for p := range c.All() {
				codes = append(codes, p.Code)
			}
			assert.Equal(t, tt.wantCodes, codes)
			for p := range want.All() {
				got, ok := c.Get(p.Code, p.ValidFrom)
				require.True(t, ok)
				assert.Equal(t, p.Name, got.Name)
			}
		})
	}
}
