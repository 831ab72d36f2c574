package dossier_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

func TestCodes(t *testing.T) {
	day := time.Date(2025, 11, 26, 10, 0, 0, 0, vntime.Location)
	assert.Equal(t, "000.00.01.H12-251126-0001", dossier.FormatCode("000.00.01.H12", day, 1))
	assert.Equal(t, "000.00.01.H12-251126-12345", dossier.FormatCode("000.00.01.H12", day, 12345))
	ag, d, seq, err := dossier.ParseCode("000.00.01.H12-251126-0042")
	require.NoError(t, err)
	assert.Equal(t, "000.00.01.H12", ag)
	assert.Equal(t, vntime.Date(2025, 11, 26), d)
	assert.Equal(t, 42, seq)
	for _, bad := range []string{"", "abc", "000.00.01.H12-251126", "000.00.01.H12-251326-0001",
		"000.00.01.H12-25112-0001", "000.00.01.H12-251126-001", "000.00.01.H12-251126-0000",
		"000.00.01.H12-251126-00001", "0 0-251126-0001", "-251126-0001", "000.00.01.H12-251126-00x1"} {
		_, _, _, err := dossier.ParseCode(bad)
		require.ErrorIs(t, err, dossier.ErrInvalidCode, "%q", bad)
	}
}

func FuzzParseCode(f *testing.F) {
	f.Add("000.00.01.H12-251126-0001")
	f.Add("x-000101-99999")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			return
		}
		ag, day, seq, err := dossier.ParseCode(s)
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrInvalidCode)
			return
		}
		require.Equal(t, s, dossier.FormatCode(ag, day, seq), "round trip")
	})
}

func TestEnumsText(t *testing.T) {
	for s := dossier.Submitted; s <= dossier.Withdrawn; s++ {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back dossier.Status
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
		assert.NotEmpty(t, s.Label("vi"))
		assert.NotEqual(t, s.Label("vi"), s.Label("en"))
	}
	for a := dossier.Submit; a <= dossier.Apologize; a++ {
		b, err := a.MarshalText()
		require.NoError(t, err)
		var back dossier.Action
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, a, back)
	}
	_, err := dossier.Status(0).MarshalText()
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
	var s dossier.Status
	require.ErrorIs(t, s.UnmarshalText([]byte("nope")), dossier.ErrInvalidDossier)
	assert.Equal(t, "Status(42)", dossier.Status(42).String())
	var r dossier.Role
	require.NoError(t, r.UnmarshalText([]byte("officer")))
	assert.Equal(t, dossier.RoleOfficer, r)
	var o dossier.Outcome
	require.NoError(t, o.UnmarshalText(nil))
	require.NoError(t, o.UnmarshalText([]byte("denied")))
	assert.Equal(t, dossier.Denied, o)
	var dl dossier.Delivery
	require.NoError(t, dl.UnmarshalText([]byte("electronic")))
	assert.Equal(t, dossier.Electronic, dl)
	assert.Equal(t, "on_time", dossier.OnTime.String())
	assert.Equal(t, "procedure", dossier.GroupProcedure.String())
	assert.Equal(t, "document", dossier.ProblemDocument.String())
}
