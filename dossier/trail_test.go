package dossier_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// lifecycle returns a dossier with a six-event trail.
func lifecycle(t testing.TB) dossier.Dossier {
	t.Helper()
	f := newFixture(t, monday)
	d := f.submit(t)
	c := d.Code
	for _, step := range []func() (dossier.Dossier, error){
		func() (dossier.Dossier, error) { return f.svc.Receive(f.ctx, c, officer) },
		func() (dossier.Dossier, error) { return f.svc.Start(f.ctx, c, officer) },
		func() (dossier.Dossier, error) { return f.svc.Transfer(f.ctx, c, officer, "unit-b", "thẩm quyền") },
		func() (dossier.Dossier, error) { return f.svc.Approve(f.ctx, c, officer) },
		func() (dossier.Dossier, error) { return f.svc.ReturnResult(f.ctx, c, officer, dossier.AtCounter) },
	} {
		f.clock.add(time.Hour)
		var err error
		d, err = step()
		require.NoError(t, err)
	}
	require.Len(t, d.Events, 6)
	return d
}

func rehash(code string, evs []dossier.Event, from int) {
	for i := from; i < len(evs); i++ {
		if i > 0 {
			evs[i].PrevHash = evs[i-1].Hash
		}
		evs[i].Hash = dossier.EventHash(code, &evs[i])
	}
}

func TestVerifyTrailDetectsTampering(t *testing.T) {
	orig := lifecycle(t)
	require.NoError(t, orig.Verify())
	require.NoError(t, dossier.VerifyTrail(orig.Code, orig.Events))
	tests := []struct {
		name   string
		tamper func(d *dossier.Dossier)
		index  int
	}{
		{"edit a reason", func(d *dossier.Dossier) { d.Events[3].Reason = "khác" }, 3},
		{"edit the actor", func(d *dossier.Dossier) { d.Events[1].Actor.ID = "officer-2" }, 1},
		{"edit the time", func(d *dossier.Dossier) { d.Events[2].At = d.Events[2].At.Add(time.Nanosecond) }, 2},
		{"edit data", func(d *dossier.Dossier) {
			d.Events[1].Data = withData(d.Events[1].Data, "due", "2026-12-31T17:00:00+07:00")
		}, 1},
		{"add data", func(d *dossier.Dossier) { d.Events[2].Data = dossier.NewEventData(map[string]string{"x": "y"}) }, 2},
		{"edit the first event", func(d *dossier.Dossier) { d.Events[0].Data = withData(d.Events[0].Data, "attachment:Tờ khai", sumB) }, 0},
		{"edit and rehash one event", func(d *dossier.Dossier) {
			d.Events[2].Reason = "khác"
			d.Events[2].Hash = dossier.EventHash(d.Code, &d.Events[2])
		}, 3},
		{"remove an event", func(d *dossier.Dossier) { d.Events = slices.Delete(d.Events, 2, 3) }, 2},
		{"remove and renumber", func(d *dossier.Dossier) {
			d.Events = slices.Delete(d.Events, 2, 3)
			for i := range d.Events {
				d.Events[i].Seq = uint64(i) + 1
			}
		}, 2},
		{"swap two events", func(d *dossier.Dossier) { d.Events[2], d.Events[3] = d.Events[3], d.Events[2] }, 2},
		{"swap and renumber", func(d *dossier.Dossier) {
			d.Events[2], d.Events[3] = d.Events[3], d.Events[2]
			d.Events[2].Seq, d.Events[3].Seq = 3, 4
		}, 2},
		{"insert a forged event", func(d *dossier.Dossier) {
			forged := d.Events[2]
			forged.Reason = "giả"
			d.Events = slices.Insert(d.Events, 3, forged)
		}, 3},
		{"insert, renumber and rehash the new event only", func(d *dossier.Dossier) {
			forged := dossier.Event{Seq: 4, At: d.Events[2].At, Actor: officer, Action: dossier.Transfer,
				From: dossier.InProgress, To: dossier.Transferred, PrevHash: d.Events[2].Hash}
			forged.Hash = dossier.EventHash(d.Code, &forged)
			d.Events = slices.Insert(d.Events, 3, forged)
			for i := 4; i < len(d.Events); i++ {
				d.Events[i].Seq++
			}
		}, 4},
		{"move to another dossier", func(d *dossier.Dossier) { d.Code = "000.00.01.H12-260302-0002" }, 0},
		{"rewritten chain that goes back in time", func(d *dossier.Dossier) {
			d.Events[4].At = d.Events[1].At.Add(-time.Minute)
			rehash(d.Code, d.Events, 4)
		}, 4},
		{"rewritten chain that skips a state", func(d *dossier.Dossier) {
			d.Events[3].From = d.Events[1].To
			rehash(d.Code, d.Events, 3)
		}, 3},
		{"rewritten chain that does not start with a submission", func(d *dossier.Dossier) {
			d.Events[0].Action = dossier.Receive
			rehash(d.Code, d.Events, 0)
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := orig.Clone()
			tt.tamper(&d)
			err := dossier.VerifyTrail(d.Code, d.Events)
			require.ErrorIs(t, err, dossier.ErrTampered)
			var te *dossier.TrailError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tt.index, te.Index, "%v", err)
			require.Error(t, d.Verify())
		})
	}
	t.Run("truncated trail", func(t *testing.T) {
		d := orig.Clone()
		d.Events = d.Events[:4]
		require.NoError(t, dossier.VerifyTrail(d.Code, d.Events), "a prefix is a valid chain")
		err := d.Verify()
		require.ErrorIs(t, err, dossier.ErrTampered, "but not the dossier's version")
	})
	t.Run("status changed", func(t *testing.T) {
		d := orig.Clone()
		d.Status = dossier.InProgress
		require.ErrorIs(t, d.Verify(), dossier.ErrTampered)
	})
	t.Run("full rewrite changes the head", func(t *testing.T) {
		d := orig.Clone()
		d.Events[2].Reason = "khác"
		rehash(d.Code, d.Events, 2)
		require.NoError(t, d.Verify(), "a full rewrite verifies on its own")
		assert.NotEqual(t, orig.Head(), d.Head(), "an anchored head catches it")
	})
	t.Run("empty trail", func(t *testing.T) {
		d := dossier.Dossier{Code: "x"}
		require.ErrorIs(t, d.Verify(), dossier.ErrTampered)
	})
}

func TestTrailSurvivesJSON(t *testing.T) {
	d := lifecycle(t)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	var back dossier.Dossier
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Verify())
	assert.Equal(t, d.Head(), back.Head())
	assert.Equal(t, d.Events[0].Hash.String(), back.Events[0].Hash.String())
	_, err = json.Marshal(dossier.Dossier{Code: "x"})
	require.NoError(t, err, "a dossier with unknown enums still marshals")
	var h dossier.Hash
	require.ErrorIs(t, h.UnmarshalText([]byte("abc")), dossier.ErrInvalidDossier)
	require.ErrorIs(t, h.UnmarshalText([]byte(string(make([]byte, 64)))), dossier.ErrInvalidDossier)
}

func TestCanonicalEncoding(t *testing.T) {
	ev := dossier.Event{Seq: 1, At: time.Unix(1772416800, 5).UTC(), Actor: dossier.Actor{ID: "a", Role: dossier.RoleApplicant},
		Action: dossier.Submit, To: dossier.Submitted, Data: dossier.NewEventData(map[string]string{"b": "2", "a": "1"})}
	enc := dossier.AppendCanonical(nil, "C", &ev)
	want := "motcua/dossier/event/v1\x00" +
		"\x00\x00\x00\x01C" +
		"\x00\x00\x00\x00\x00\x00\x00\x01" +
		"\x00\x00\x00\x00\x69\xa4\xef\x20" + "\x00\x00\x00\x05" +
		"\x00\x00\x00\x01a" + "\x00\x00\x00\x09applicant" + "\x00\x00\x00\x00" +
		"\x00\x00\x00\x06submit" + "\x00\x00\x00\x00" + "\x00\x00\x00\x09submitted" +
		"\x00\x00\x00\x00" +
		"\x00\x00\x00\x02" + "\x00\x00\x00\x01a\x00\x00\x00\x011" + "\x00\x00\x00\x01b\x00\x00\x00\x012" +
		string(make([]byte, 32))
	assert.Equal(t, want, string(enc))
	// The location of At does not matter, only the instant.
	ev2 := ev
	ev2.At = ev.At.In(time.FixedZone("ICT", 7*3600))
	assert.Equal(t, dossier.EventHash("C", &ev), dossier.EventHash("C", &ev2))
}

func FuzzVerifyTrail(f *testing.F) {
	orig := lifecycle(f)
	f.Add(uint8(0), uint8(2), uint8(1), []byte("x"))
	f.Add(uint8(3), uint8(5), uint8(0), []byte{})
	f.Add(uint8(6), uint8(1), uint8(4), []byte("abc"))
	f.Fuzz(func(t *testing.T, op, i, j uint8, b []byte) {
		if len(b) > 64 {
			return
		}
		d := orig.Clone()
		n := len(d.Events)
		x, y := int(i)%n, int(j)%n
		switch op % 9 {
		case 0:
			d.Events[x].Reason += string(b)
		case 1:
			d.Events[x].Seq += uint64(len(b))
		case 2:
			d.Events[x].At = d.Events[x].At.Add(time.Duration(len(b)))
		case 3:
			d.Events[x], d.Events[y] = d.Events[y], d.Events[x]
		case 4:
			d.Events = slices.Delete(d.Events, x, x+1)
		case 5:
			d.Events = slices.Insert(d.Events, x, d.Events[y])
		case 6:
			if len(b) > 0 {
				d.Events[x].Hash[int(b[0])%32] ^= b[len(b)-1] | 1
			}
		case 7:
			d.Events[x].Actor.Unit = string(b)
		case 8:
			d.Events[x].Data = withData(d.Events[x].Data, string(b), "v")
		}
		if reflect.DeepEqual(d.Events, orig.Events) {
			require.NoError(t, d.Verify())
			return
		}
		require.ErrorIs(t, d.Verify(), dossier.ErrTampered)
	})
}

// withData returns d with key set to v.
func withData(d dossier.EventData, key, v string) dossier.EventData {
	m := d.Map()
	if m == nil {
		m = map[string]string{}
	}
	m[key] = v
	return dossier.NewEventData(m)
}
