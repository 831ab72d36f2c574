package dossier_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

var monday = time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Location)

// reach returns a fixture and the code of a dossier brought to state s.
func reach(t *testing.T, s dossier.Status) (*fixture, string) {
	t.Helper()
	f := newFixture(t, monday)
	d := f.submit(t)
	step := func(fn func() (dossier.Dossier, error)) {
		t.Helper()
		f.clock.add(time.Minute)
		_, err := fn()
		require.NoError(t, err)
	}
	c, ctx := d.Code, f.ctx
	received := func() { step(func() (dossier.Dossier, error) { return f.svc.Receive(ctx, c, officer) }) }
	switch s {
	case dossier.Submitted:
	case dossier.Received:
		received()
	case dossier.InProgress:
		received()
		step(func() (dossier.Dossier, error) { return f.svc.Start(ctx, c, officer) })
	case dossier.AwaitingSupplement:
		received()
		step(func() (dossier.Dossier, error) {
			return f.svc.RequestSupplement(ctx, c, officer, "thiếu giấy chứng sinh")
		})
	case dossier.AwaitingPayment:
		received()
		step(func() (dossier.Dossier, error) { return f.svc.AwaitPayment(ctx, c, officer, 8000) })
	case dossier.Transferred:
		received()
		step(func() (dossier.Dossier, error) { return f.svc.Transfer(ctx, c, officer, "unit-b", "thẩm quyền") })
	case dossier.ResultReady:
		received()
		step(func() (dossier.Dossier, error) { return f.svc.Approve(ctx, c, officer) })
	case dossier.Refused:
		received()
		step(func() (dossier.Dossier, error) { return f.svc.Refuse(ctx, c, officer, "không đủ điều kiện") })
	case dossier.Returned:
		received()
		step(func() (dossier.Dossier, error) { return f.svc.Approve(ctx, c, officer) })
		step(func() (dossier.Dossier, error) { return f.svc.ReturnResult(ctx, c, officer, dossier.AtCounter) })
	case dossier.Withdrawn:
		step(func() (dossier.Dossier, error) { return f.svc.Withdraw(ctx, c, applicant, "") })
	default:
		t.Fatalf("no path to %s", s)
	}
	got, err := f.store.Get(ctx, c)
	require.NoError(t, err)
	require.Equal(t, s, got.Status)
	return f, c
}

// TestEveryTransitionFromEveryState tries every action, with valid
// arguments, from every state: it succeeds exactly when the state machine
// allows it, and a refusal changes nothing.
func TestEveryTransitionFromEveryState(t *testing.T) {
	supplied := []dossier.Attachment{{Name: "Giấy chứng sinh", MediaType: "application/pdf", Size: 10, SHA256: sumB}}
	actions := map[dossier.Action]func(f *fixture, c string, d dossier.Dossier) (dossier.Dossier, error){
		dossier.Receive: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Receive(f.ctx, c, officer)
		},
		dossier.ReturnForCompletion: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.ReturnForCompletion(f.ctx, c, officer, "thiếu tờ khai có chữ ký")
		},
		dossier.RefuseIntake: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.RefuseIntake(f.ctx, c, officer, "không thuộc thẩm quyền")
		},
		dossier.Start: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Start(f.ctx, c, officer)
		},
		dossier.Transfer: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Transfer(f.ctx, c, officer, "unit-z", "")
		},
		dossier.RequestSupplement: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.RequestSupplement(f.ctx, c, officer, "thiếu giấy tờ")
		},
		dossier.Supplement: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Supplement(f.ctx, c, applicant, supplied, nil)
		},
		dossier.AwaitPayment: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.AwaitPayment(f.ctx, c, officer, 8000)
		},
		dossier.Pay: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Pay(f.ctx, c, applicant, dossier.Payment{Amount: 8000, Method: "vnpay", Reference: "TX1"})
		},
		dossier.Approve: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Approve(f.ctx, c, officer)
		},
		dossier.Refuse: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Refuse(f.ctx, c, officer, "không đủ điều kiện")
		},
		dossier.ReturnResult: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.ReturnResult(f.ctx, c, officer, dossier.ByPost)
		},
		dossier.Withdraw: func(f *fixture, c string, _ dossier.Dossier) (dossier.Dossier, error) {
			return f.svc.Withdraw(f.ctx, c, applicant, "")
		},
		dossier.Apologize: func(f *fixture, c string, d dossier.Dossier) (dossier.Dossier, error) {
			newDue := d.DueAt.AddDate(0, 0, 7) // a week later: same weekday, a working day in March 2026
			return f.svc.Apologize(f.ctx, c, officer, newDue, "quá tải")
		},
	}
	for s := dossier.Submitted; s <= dossier.Withdrawn; s++ {
		for a := dossier.Receive; a <= dossier.Apologize; a++ {
			t.Run(s.String()+"/"+a.String(), func(t *testing.T) {
				f, c := reach(t, s)
				before, err := f.store.Get(f.ctx, c)
				require.NoError(t, err)
				f.clock.add(time.Minute)
				want := dossier.Allowed(s, a)
				if a == dossier.Pay && s == dossier.Submitted {
					want = false // no fee quoted for this procedure: nothing to pay
				}
				got, err := actions[a](f, c, before)
				if !want {
					require.ErrorIs(t, err, dossier.ErrInvalidTransition)
					var te *dossier.TransitionError
					require.ErrorAs(t, err, &te)
					assert.Equal(t, s, te.From)
					assert.Equal(t, a, te.Action)
					after, err := f.store.Get(f.ctx, c)
					require.NoError(t, err)
					assert.Equal(t, before.Version, after.Version, "nothing changes")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, before.Version+1, got.Version)
				last := got.Events[len(got.Events)-1]
				assert.Equal(t, a, last.Action)
				assert.Equal(t, s, last.From)
				assert.Equal(t, got.Status, last.To)
				require.NoError(t, got.Verify())
				stored, err := f.store.Get(f.ctx, c)
				require.NoError(t, err)
				assert.Equal(t, got.Version, stored.Version)
				switch a {
				case dossier.Apologize:
					assert.Equal(t, s, got.Status)
				case dossier.Supplement:
					assert.Equal(t, dossier.InProgress, got.Status)
				case dossier.Pay:
					assert.Equal(t, dossier.InProgress, got.Status)
				}
			})
		}
	}
}

func TestTransitionGuards(t *testing.T) {
	tests := []struct {
		name string
		from dossier.Status
		do   func(f *fixture, c string) error
	}{
		{"receive by the applicant", dossier.Submitted, func(f *fixture, c string) error {
			_, err := f.svc.Receive(f.ctx, c, applicant)
			return err
		}},
		{"receive without actor id", dossier.Submitted, func(f *fixture, c string) error {
			_, err := f.svc.Receive(f.ctx, c, dossier.Actor{Role: dossier.RoleOfficer})
			return err
		}},
		{"refuse at intake without reason", dossier.Submitted, func(f *fixture, c string) error {
			_, err := f.svc.RefuseIntake(f.ctx, c, officer, "")
			return err
		}},
		{"return for completion without reason", dossier.Submitted, func(f *fixture, c string) error {
			_, err := f.svc.ReturnForCompletion(f.ctx, c, officer, "")
			return err
		}},
		{"request supplement without reason", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.RequestSupplement(f.ctx, c, officer, "")
			return err
		}},
		{"refuse without reason", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Refuse(f.ctx, c, officer, "")
			return err
		}},
		{"transfer nowhere", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Transfer(f.ctx, c, officer, "", "")
			return err
		}},
		{"transfer to itself", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Transfer(f.ctx, c, officer, agency, "")
			return err
		}},
		{"supplement nothing", dossier.AwaitingSupplement, func(f *fixture, c string) error {
			_, err := f.svc.Supplement(f.ctx, c, applicant, nil, nil)
			return err
		}},
		{"supplement a bad attachment", dossier.AwaitingSupplement, func(f *fixture, c string) error {
			_, err := f.svc.Supplement(f.ctx, c, applicant, []dossier.Attachment{{Name: "x", Size: 1, SHA256: "zz"}}, nil)
			return err
		}},
		{"pay the wrong amount", dossier.AwaitingPayment, func(f *fixture, c string) error {
			_, err := f.svc.Pay(f.ctx, c, applicant, dossier.Payment{Amount: 7999})
			return err
		}},
		{"await payment of nothing", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.AwaitPayment(f.ctx, c, officer, 0)
			return err
		}},
		{"await a negative payment", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.AwaitPayment(f.ctx, c, officer, -5)
			return err
		}},
		{"return by unknown means", dossier.ResultReady, func(f *fixture, c string) error {
			_, err := f.svc.ReturnResult(f.ctx, c, officer, dossier.DeliveryUnknown)
			return err
		}},
		{"officer withdraws without the request", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Withdraw(f.ctx, c, officer, "")
			return err
		}},
		{"apology after the due time", dossier.InProgress, func(f *fixture, c string) error {
			f.clock.set(time.Date(2026, 3, 5, 17, 0, 1, 0, vntime.Location))
			_, err := f.svc.Apologize(f.ctx, c, officer, time.Date(2026, 3, 10, 17, 0, 0, 0, vntime.Location), "quá tải")
			return err
		}},
		{"apology by a unit not at fault", dossier.InProgress, func(f *fixture, c string) error {
			other := dossier.Actor{ID: "officer-9", Role: dossier.RoleOfficer, Unit: "unit-other"}
			_, err := f.svc.Apologize(f.ctx, c, other, time.Date(2026, 3, 10, 17, 0, 0, 0, vntime.Location), "quá tải")
			return err
		}},
		{"apology by the applicant", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Apologize(f.ctx, c, applicant, time.Date(2026, 3, 10, 17, 0, 0, 0, vntime.Location), "quá tải")
			return err
		}},
		{"apology without reason", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Apologize(f.ctx, c, officer, time.Date(2026, 3, 10, 17, 0, 0, 0, vntime.Location), "")
			return err
		}},
		{"apology with an earlier date", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Apologize(f.ctx, c, officer, time.Date(2026, 3, 4, 17, 0, 0, 0, vntime.Location), "quá tải")
			return err
		}},
		{"apology to a Sunday", dossier.InProgress, func(f *fixture, c string) error {
			_, err := f.svc.Apologize(f.ctx, c, officer, time.Date(2026, 3, 8, 17, 0, 0, 0, vntime.Location), "quá tải")
			return err
		}},
		{"apology while paused", dossier.AwaitingSupplement, func(f *fixture, c string) error {
			_, err := f.svc.Apologize(f.ctx, c, officer, time.Date(2026, 3, 10, 17, 0, 0, 0, vntime.Location), "quá tải")
			return err
		}},
		{"time going backwards", dossier.InProgress, func(f *fixture, c string) error {
			f.clock.set(monday.Add(-time.Hour))
			_, err := f.svc.Approve(f.ctx, c, officer)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := reach(t, tt.from)
			before, err := f.store.Get(f.ctx, c)
			require.NoError(t, err)
			f.clock.add(time.Minute)
			err = tt.do(f, c)
			require.ErrorIs(t, err, dossier.ErrInvalidTransition)
			t.Log(err)
			after, err := f.store.Get(f.ctx, c)
			require.NoError(t, err)
			assert.Equal(t, before.Version, after.Version)
			assert.Equal(t, before.Status, after.Status)
		})
	}
	t.Run("unknown dossier", func(t *testing.T) {
		f := newFixture(t, monday)
		_, err := f.svc.Receive(f.ctx, agency+"-260302-0099", officer)
		require.ErrorIs(t, err, dossier.ErrNotFound)
	})
}

func TestApologyMovesTheDueDate(t *testing.T) {
	f, c := reach(t, dossier.InProgress)
	newDue := time.Date(2026, 3, 10, 17, 0, 0, 0, vntime.Location)
	d, err := f.svc.Apologize(f.ctx, c, officer, newDue, "quá tải hồ sơ")
	require.NoError(t, err)
	assert.True(t, d.DueAt.Equal(newDue))
	assert.Equal(t, 1, d.Apologies)
	last := d.Events[len(d.Events)-1]
	assert.Equal(t, "2026-03-05T17:00:00+07:00", last.Data.Get("previousDue"))
	f.clock.set(time.Date(2026, 3, 9, 10, 0, 0, 0, vntime.Location))
	d, err = f.svc.Approve(f.ctx, c, officer)
	require.NoError(t, err)
	assert.Equal(t, dossier.Late, d.Timeliness(), "an apology admits the delay")
}

func TestSupplementPausesTheClock(t *testing.T) {
	t.Run("resume keeps the time used", func(t *testing.T) {
		f := newFixture(t, time.Date(2026, 2, 9, 9, 0, 0, 0, vntime.Location)) // Monday before Tết
		d := f.submit(t)
		d, err := f.svc.Receive(f.ctx, d.Code, officer)
		require.NoError(t, err)
		assert.Equal(t, "2026-02-12T17:00:00+07:00", d.DueAt.Format(time.RFC3339))
		f.clock.set(time.Date(2026, 2, 10, 10, 0, 0, 0, vntime.Location)) // one day used, two left
		d, err = f.svc.RequestSupplement(f.ctx, d.Code, officer, "thiếu giấy chứng sinh")
		require.NoError(t, err)
		assert.True(t, d.Paused())
		f.clock.set(time.Date(2026, 3, 2, 15, 30, 0, 0, vntime.Location)) // after the cut-off
		assert.False(t, d.OverdueAt(f.clock.now()), "paused before the due time")
		n, err := d.DaysRemaining(f.svc.Calendar(), f.clock.now())
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		d, err = f.svc.Supplement(f.ctx, d.Code, applicant,
			[]dossier.Attachment{{Name: "Giấy chứng sinh", MediaType: "application/pdf", Size: 10, SHA256: sumB}},
			map[string]any{"ghi_chu": "đã bổ sung"})
		require.NoError(t, err)
		assert.Equal(t, dossier.InProgress, d.Status)
		assert.Equal(t, "2026-03-05T17:00:00+07:00", d.DueAt.Format(time.RFC3339), "counted from Tue 3 Mar: two days left")
		assert.Len(t, d.Attachments, 2)
		assert.Equal(t, "đã bổ sung", d.FormData["ghi_chu"])
		assert.Equal(t, "Nguyễn Minh An", d.FormData["ho_ten_tre"])
	})
	t.Run("restart", func(t *testing.T) {
		f := newFixture(t, time.Date(2026, 2, 9, 9, 0, 0, 0, vntime.Location),
			dossier.WithTerms("1.000001", dossier.Terms{RestartOnSupplement: true}))
		d := f.submit(t)
		d, err := f.svc.Receive(f.ctx, d.Code, officer)
		require.NoError(t, err)
		f.clock.set(time.Date(2026, 2, 10, 10, 0, 0, 0, vntime.Location))
		d, err = f.svc.RequestSupplement(f.ctx, d.Code, officer, "thiếu")
		require.NoError(t, err)
		f.clock.set(time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Location))
		d, err = f.svc.Supplement(f.ctx, d.Code, applicant, nil, map[string]any{"x": "y"})
		require.NoError(t, err)
		assert.Equal(t, "2026-03-05T17:00:00+07:00", d.DueAt.Format(time.RFC3339), "three full days again")
	})
	t.Run("returned at intake goes back to intake", func(t *testing.T) {
		f := newFixture(t, monday)
		d := f.submit(t)
		d, err := f.svc.ReturnForCompletion(f.ctx, d.Code, officer, "thiếu chữ ký")
		require.NoError(t, err)
		assert.False(t, d.Paused(), "the clock never started")
		d, err = f.svc.Supplement(f.ctx, d.Code, applicant, []dossier.Attachment{{Name: "Tờ khai", MediaType: "application/pdf", Size: 9, SHA256: sumB}}, nil)
		require.NoError(t, err)
		assert.Equal(t, dossier.Submitted, d.Status)
		require.Len(t, d.Attachments, 1, "replaced, not added")
		assert.Equal(t, sumB, d.Attachments[0].SHA256)
		assert.True(t, d.DueAt.IsZero())
	})
}

func TestStatusQueries(t *testing.T) {
	f, c := reach(t, dossier.Received) // received Mon 2 Mar 2026 09:01, due Thu 5 Mar 17:00
	d, err := f.store.Get(f.ctx, c)
	require.NoError(t, err)
	cal := f.svc.Calendar()
	tests := []struct {
		at      time.Time
		overdue bool
		left    int
	}{
		{time.Date(2026, 3, 2, 10, 0, 0, 0, vntime.Location), false, 3},
		{time.Date(2026, 3, 5, 16, 59, 0, 0, vntime.Location), false, 0},
		{time.Date(2026, 3, 5, 17, 0, 1, 0, vntime.Location), true, 0},
		{time.Date(2026, 3, 9, 8, 0, 0, 0, vntime.Location), true, -2},
	}
	for _, tt := range tests {
		t.Run(tt.at.Format(time.RFC3339), func(t *testing.T) {
			assert.Equal(t, tt.overdue, d.OverdueAt(tt.at))
			n, err := d.DaysRemaining(cal, tt.at)
			require.NoError(t, err)
			assert.Equal(t, tt.left, n)
		})
	}
	settle := func(at time.Time) dossier.Timeliness {
		f, c := reach(t, dossier.InProgress)
		f.clock.set(at)
		d, err := f.svc.Approve(f.ctx, c, officer)
		require.NoError(t, err)
		assert.False(t, d.OverdueAt(at.Add(30*24*time.Hour)), "settled dossiers are never overdue")
		_, err = d.DaysRemaining(cal, at)
		require.ErrorIs(t, err, dossier.ErrInvalidTransition)
		return d.Timeliness()
	}
	assert.Equal(t, dossier.Early, settle(time.Date(2026, 3, 4, 16, 0, 0, 0, vntime.Location)))
	assert.Equal(t, dossier.OnTime, settle(time.Date(2026, 3, 5, 16, 0, 0, 0, vntime.Location)))
	assert.Equal(t, dossier.Late, settle(time.Date(2026, 3, 5, 17, 30, 0, 0, vntime.Location)))
	assert.Equal(t, dossier.TimelinessUnknown, d.Timeliness())
}

func TestActions(t *testing.T) {
	assert.Equal(t, []dossier.Action{dossier.Receive, dossier.ReturnForCompletion, dossier.RefuseIntake, dossier.Pay, dossier.Withdraw}, dossier.Actions(dossier.Submitted))
	assert.Empty(t, dossier.Actions(dossier.Returned))
	assert.Empty(t, dossier.Actions(dossier.Withdrawn))
	assert.False(t, dossier.Allowed(dossier.Submitted, dossier.ActionUnknown))
	assert.False(t, dossier.Allowed(dossier.StatusUnknown, dossier.Receive))
}

func TestStop(t *testing.T) {
	f := newFixture(t, monday)
	d := f.submit(t)
	f.clock.add(time.Hour)
	d, err := f.svc.Receive(f.ctx, d.Code, officer)
	require.NoError(t, err)
	f.clock.add(time.Hour)
	d, err = f.svc.RequestSupplement(f.ctx, d.Code, officer, "Bổ sung giấy chứng sinh")
	require.NoError(t, err)
	f.clock.add(time.Hour)
	_, err = f.svc.Stop(f.ctx, d.Code, officer, "")
	assert.Equal(t, "reason_required", dossier.ErrorCode(err))
	_, err = f.svc.Stop(f.ctx, d.Code, applicant, "quá hạn bổ sung")
	assert.Equal(t, "role", dossier.ErrorCode(err))
	d, err = f.svc.Stop(f.ctx, d.Code, officer, "Quá thời hạn bổ sung hồ sơ theo phiếu yêu cầu")
	require.NoError(t, err)
	assert.Equal(t, dossier.Stopped, d.Status)
	assert.True(t, d.Status.Closed())
	assert.False(t, d.Open())
	assert.Equal(t, "Dừng giải quyết", d.Status.Label("vi"))
	assert.Equal(t, "stop", dossier.Stop.String())
	assert.False(t, dossier.Allowed(dossier.Stopped, dossier.Stop))
	assert.False(t, dossier.Allowed(dossier.Submitted, dossier.Stop), "stopping is for a received dossier")
	stored, err := f.store.Get(f.ctx, d.Code)
	require.NoError(t, err)
	require.NoError(t, stored.Verify())
	sum, err := dossier.Summarize(f.ctx, f.store, dossier.Period{From: monday.AddDate(0, 0, -1), To: monday.AddDate(0, 0, 7)}, dossier.GroupProcedure)
	require.NoError(t, err)
	require.Len(t, sum.Rows, 1)
	assert.Equal(t, 1, sum.Rows[0].Refused, "a stopped dossier is returned to the applicant (trả lại)")
	assert.Zero(t, sum.Rows[0].Pending())
}
