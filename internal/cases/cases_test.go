package cases_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/cases"
)

func TestParseRefuses(t *testing.T) {
	for name, tt := range map[string]struct{ body, want string }{
		"unknown key":     {`{"format": "motcua-cases/1", "fees": [{"name": "a", "at": "01/01/2025", "items": [{"code": "LLTP"}], "totl": 1}]}`, "unknown field"},
		"wrong format":    {`{"format": "openfisca", "fees": []}`, `format "openfisca"`},
		"no name":         {`{"format": "motcua-cases/1", "deadlines": [{"received": "01/01/2025", "days": 1, "due": "02/01/2025"}]}`, "no name"},
		"no expectation":  {`{"format": "motcua-cases/1", "deadlines": [{"name": "x", "received": "01/01/2025", "days": 1}]}`, "expects nothing"},
		"fee expects nil": {`{"format": "motcua-cases/1", "fees": [{"name": "x", "at": "01/01/2025", "items": [{"code": "LLTP"}]}]}`, "expects nothing"},
		"no items":        {`{"format": "motcua-cases/1", "fees": [{"name": "x", "at": "01/01/2025", "total": 1}]}`, "no items"},
		"twice":           {`{"format": "motcua-cases/1", "deadlines": [{"name": "x", "received": "01/01/2025", "days": 1, "due": "x"}, {"name": "x", "received": "01/01/2025", "days": 1, "due": "x"}]}`, "used twice"},
		"days and proc":   {`{"format": "motcua-cases/1", "deadlines": [{"name": "x", "received": "01/01/2025", "days": 1, "procedure": "1.001193", "due": "x"}]}`, "days or procedure"},
		"trailing data":   {`{"format": "motcua-cases/1"} {}`, "data after"},
		"not JSON":        {`format: motcua-cases/1`, "invalid character"},
		"too large":       {`{"format": "motcua-cases/1", "fees": [], "schedule": "` + strings.Repeat("x", cases.MaxFile) + `"}`, "limit"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cases.Parse([]byte(tt.body))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRun(t *testing.T) {
	s, err := fees.Sample()
	require.NoError(t, err)
	cal, err := dossier.Official()
	require.NoError(t, err)
	cat, err := catalog.Sample()
	require.NoError(t, err)
	cf, err := cases.Parse([]byte(`{"format": "motcua-cases/1",
		"fees": [
		  {"name": "right", "at": "15/03/2024", "items": [{"code": "LLTP", "quantity": 3}], "total": 205000, "lines": [205000], "basis": "Thông tư 244/2016/TT-BTC"},
		  {"name": "wrong total", "at": "15/03/2024", "items": [{"code": "LLTP"}], "total": 100000},
		  {"name": "wrong lines", "at": "15/03/2024", "items": [{"code": "LLTP"}], "lines": [1, 2]},
		  {"name": "wrong basis", "at": "15/03/2024", "items": [{"code": "LLTP"}], "total": 200000, "basis": "Nghị định 1/2000"},
		  {"name": "wrong error", "at": "15/03/2024", "items": [{"code": "LLTP"}], "error": "not_in_force"},
		  {"name": "right error", "at": "15/03/2016", "items": [{"code": "LLTP"}], "error": "not_in_force"},
		  {"name": "bad time", "at": "15/13/2024", "items": [{"code": "LLTP"}], "total": 1},
		  {"name": "bad channel", "at": "15/03/2024", "channel": "pigeon", "items": [{"code": "LLTP"}], "total": 1}],
		"deadlines": [
		  {"name": "wrong due", "received": "13/02/2026 10:00", "days": 3, "due": "24/02/2026 17:00"},
		  {"name": "right due", "received": "13/02/2026 10:00", "days": 3, "due": "2026-02-25T17:00"},
		  {"name": "cut-off 16:00", "received": "29/08/2025 15:30", "days": 1, "cut_off": "16:00", "due": "03/09/2025 17:00"},
		  {"name": "bad cut-off", "received": "29/08/2025 15:30", "days": 1, "cut_off": "4pm", "due": "03/09/2025 17:00"},
		  {"name": "by procedure", "received": "13/02/2026 10:00", "procedure": "2.001610", "due": "25/02/2026 17:00"},
		  {"name": "unknown procedure", "received": "13/02/2026 10:00", "procedure": "9.999999", "error": "procedure_unknown"},
		  {"name": "out of range expected, got a date", "received": "13/02/2026 10:00", "days": 1, "error": "out_of_range"},
		  {"name": "bad unit", "received": "13/02/2026 10:00", "days": 1, "unit": "fortnights", "due": "x"}]}`))
	require.NoError(t, err)
	type want struct {
		pass      bool
		got, want string
		message   string
	}
	fee := map[string]want{
		"right":       {pass: true},
		"wrong total": {got: "200.000 ₫", want: "100.000 ₫", message: "total 200.000 ₫, want 100.000 ₫"},
		"wrong lines": {got: "1", want: "2", message: "1 lines, want 2"},
		"wrong basis": {got: "Thông tư 244/2016/TT-BTC", want: "Nghị định 1/2000"},
		"wrong error": {got: "ok: 200.000 ₫", want: "not_in_force"},
		"right error": {pass: true},
		"bad time":    {message: "at: "},
		"bad channel": {message: "channel: "},
	}
	for _, c := range cf.Fees {
		r := cases.RunFee(s, c, nil)
		w := fee[c.Name]
		assert.Equal(t, "fees", r.Kind)
		assert.Equal(t, w.pass, r.Pass, c.Name)
		assert.Equal(t, w.got, r.Got, c.Name)
		assert.Equal(t, w.want, r.Want, c.Name)
		assert.Contains(t, r.Message, w.message, c.Name)
	}
	dl := map[string]want{
		"wrong due":                         {got: "Wednesday 25/02/2026 17:00", want: "Tuesday 24/02/2026 17:00"},
		"right due":                         {pass: true},
		"cut-off 16:00":                     {pass: true},
		"bad cut-off":                       {message: "cut_off: "},
		"by procedure":                      {pass: true},
		"unknown procedure":                 {pass: true},
		"out of range expected, got a date": {got: "ok: Monday 23/02/2026 17:00", want: "out_of_range"},
		"bad unit":                          {message: "unit: "},
	}
	for _, c := range cf.Deadlines {
		r := cases.RunDeadline(cal, cat, c, "en", nil)
		w := dl[c.Name]
		assert.Equal(t, "deadlines", r.Kind)
		assert.Equal(t, w.pass, r.Pass, c.Name)
		assert.Equal(t, w.got, r.Got, c.Name)
		assert.Equal(t, w.want, r.Want, c.Name)
		assert.Contains(t, r.Message, w.message, c.Name)
	}
	// Without a catalogue a case by procedure fails, it does not panic.
	r := cases.RunDeadline(cal, nil, cf.Deadlines[4], "en", nil)
	assert.False(t, r.Pass)
	assert.Contains(t, r.Message, "no catalogue")
}

func TestParseTime(t *testing.T) {
	vn := dossier.Location
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "13/02/2026 15:30", want: time.Date(2026, 2, 13, 15, 30, 0, 0, vn)},
		{in: "13/02/2026 15:30:05", want: time.Date(2026, 2, 13, 15, 30, 5, 0, vn)},
		{in: " 3/2/2026 ", want: time.Date(2026, 2, 3, 0, 0, 0, 0, vn)},
		{in: "2026-02-13", want: time.Date(2026, 2, 13, 0, 0, 0, 0, vn)},
		{in: "2026-02-13T15:30", want: time.Date(2026, 2, 13, 15, 30, 0, 0, vn)},
		{in: "2026-02-13T08:30:00Z", want: time.Date(2026, 2, 13, 15, 30, 0, 0, vn)},
		{in: "31/02/2026", bad: true},
		{in: "", bad: true},
		{in: "tomorrow", bad: true},
	}
	for _, tt := range tests {
		got, err := cases.ParseTime(tt.in)
		if tt.bad {
			require.ErrorIs(t, err, cases.ErrTimeSyntax, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.True(t, tt.want.Equal(got), "%s: got %s", tt.in, got)
		assert.Equal(t, vn, got.Location(), tt.in)
	}
	d, err := cases.ParseClock("16:30")
	require.NoError(t, err)
	assert.Equal(t, 16*time.Hour+30*time.Minute, d)
	_, err = cases.ParseClock("25:00")
	require.Error(t, err)
}

// FuzzParse: any case file is parsed or refused without a panic, and one
// that parses runs without a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"format": "motcua-cases/1", "fees": [{"name": "a", "at": "01/01/2025", "items": [{"code": "LLTP"}], "total": 1}]}`))
	f.Add([]byte(`{"format": "motcua-cases/1", "deadlines": [{"name": "a", "received": "01/01/2025", "days": 1, "due": "02/01/2025"}]}`))
	f.Add([]byte(`{"format": "motcua-cases/1", "deadlines": [{"name": "a", "received": "01/01/2025", "procedure": "2.001610", "channel": "online", "cut_off": "16:00", "error": "x"}]}`))
	s, err := fees.Sample()
	require.NoError(f, err)
	cal, err := dossier.Official()
	require.NoError(f, err)
	cat, err := catalog.Sample()
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		cf, err := cases.Parse(b)
		if err != nil {
			return
		}
		assert.Equal(t, cases.Format, cf.Format)
		for _, c := range cf.Fees {
			if len(c.Items) > 50 {
				return
			}
			_ = cases.RunFee(s, c, nil)
		}
		for _, c := range cf.Deadlines {
			_ = cases.RunDeadline(cal, cat, c, "vi", nil)
		}
	})
}

// FuzzParseTime: any text is a time in Vietnam or an error.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"13/02/2026 15:30", "2026-02-13", "2026-02-13T15:30:00Z", "31/02/2026", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			return
		}
		tm, err := cases.ParseTime(s)
		if err == nil {
			assert.Equal(t, dossier.Location, tm.Location())
		}
	})
}
