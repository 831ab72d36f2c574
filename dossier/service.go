package dossier

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/vntime"
)

// FormValidator validates a declaration form's data; [*forms.Form]
// satisfies it. Validate should report every problem at once: a
// [forms.ValidationErrors] gives one [Problem] per field error, with its
// path; another error that unwraps to several gives one Problem each.
type FormValidator interface {
	Validate(ctx context.Context, data map[string]any) error
}

// Terms are per-procedure settings of the [Service].
type Terms struct {
	// Deadline overrides the catalogue's processing time when N or Unit is set.
	Deadline Deadline
	// CutOff overrides the calendar's cut-off time of day when positive.
	CutOff time.Duration
	// RestartOnSupplement restarts the full processing time when the
	// applicant supplements the dossier, instead of resuming the time left.
	RestartOnSupplement bool
}

// FeeRequestFunc builds the fee request for a submission; see [WithFees].
type FeeRequestFunc func(d *Dossier, p *catalog.Procedure) fees.Request

// Option configures a [Service].
type Option func(*Service) error

// WithClock sets the clock the Service takes the time of each transition
// from; the default is the system clock. Times are truncated to whole
// microseconds (what SQL timestamps keep) and put in Asia/Ho_Chi_Minh.
func WithClock(now func() time.Time) Option {
	return func(s *Service) error {
		if now == nil {
			return fmt.Errorf("%w: nil clock", ErrInvalidDossier)
		}
		s.now = now
		return nil
	}
}

// WithForms sets the declaration forms by FormID ([catalog.Procedure.FormID]).
// When set, a procedure whose form is missing from forms cannot be
// submitted; without it, form data is stored unchecked.
func WithForms(forms map[string]FormValidator) Option {
	return func(s *Service) error {
		s.forms = maps.Clone(forms)
		if s.forms == nil {
			s.forms = map[string]FormValidator{}
		}
		return nil
	}
}

// WithFees sets the fee schedule that quotes [catalog.Procedure.FeeItems]
// at submission. req builds the request; nil asks for each item once, at
// the submission time, with the filing channel.
func WithFees(schedule *fees.Schedule, req FeeRequestFunc) Option {
	return func(s *Service) error {
		if schedule == nil {
			return fmt.Errorf("%w: nil fee schedule", ErrInvalidDossier)
		}
		s.fees, s.feeReq = schedule, req
		return nil
	}
}

// WithTerms sets the terms of the procedure with the given code.
func WithTerms(procedureCode string, t Terms) Option {
	return func(s *Service) error {
		if t.Deadline.N < 0 || t.CutOff < 0 || t.CutOff > 24*time.Hour {
			return fmt.Errorf("%w: terms of %s", ErrInvalidDossier, procedureCode)
		}
		s.terms[procedureCode] = t
		return nil
	}
}

// Service runs the life of dossiers: each transition method loads the
// dossier from the [Store], checks the rules, applies the change, appends
// the event to the trail and saves with [Store.Update], so no step can be
// forgotten. A refused transition returns a [*TransitionError] and changes
// nothing; a concurrent change returns an error wrapping [ErrConflict]
// (reload and decide again). A Service is safe for concurrent use.
type Service struct {
	store  Store
	cat    *catalog.Catalog
	cal    *Calendar
	now    func() time.Time
	forms  map[string]FormValidator
	fees   *fees.Schedule
	feeReq FeeRequestFunc
	terms  map[string]Terms
}

// NewService returns a Service over store, with the procedures of cat and
// the working days of cal.
func NewService(store Store, cat *catalog.Catalog, cal *Calendar, opts ...Option) (*Service, error) {
	if store == nil || cat == nil || cal == nil {
		return nil, fmt.Errorf("%w: NewService needs a store, a catalogue and a calendar", ErrInvalidDossier)
	}
	s := &Service{store: store, cat: cat, cal: cal, now: time.Now, terms: map[string]Terms{}}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Store returns the service's store.
func (s *Service) Store() Store { return s.store }

// Calendar returns the service's calendar.
func (s *Service) Calendar() *Calendar { return s.cal }

func (s *Service) clock() time.Time {
	return s.now().Truncate(time.Microsecond).In(vntime.Location)
}

// Get returns the dossier with the given code.
func (s *Service) Get(ctx context.Context, code string) (Dossier, error) {
	return s.store.Get(ctx, code)
}

// Receive records that the counter took the dossier on (receipt and
// appointment slip, mẫu 01): the clock starts and the due time is set.
func (s *Service) Receive(ctx context.Context, code string, by Actor) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Receive})
}

// ReturnForCompletion asks, at intake, for the dossier to be completed
// (mẫu 02); reason says what is missing. The clock has not started.
func (s *Service) ReturnForCompletion(ctx context.Context, code string, by Actor, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: ReturnForCompletion, reason: reason})
}

// RefuseIntake refuses the dossier at intake (mẫu 03), with the reason.
func (s *Service) RefuseIntake(ctx context.Context, code string, by Actor, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: RefuseIntake, reason: reason})
}

// Start records that the handling unit took the dossier up.
func (s *Service) Start(ctx context.Context, code string, by Actor) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Start})
}

// Transfer sends the dossier to another unit (agency or level), which then
// handles it.
func (s *Service) Transfer(ctx context.Context, code string, by Actor, toUnit, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Transfer, reason: reason, unit: toUnit})
}

// RequestSupplement asks the applicant for more documents during
// processing (mẫu 02); reason says what. The clock pauses: time already
// used still counts when it resumes (see [Terms.RestartOnSupplement]).
func (s *Service) RequestSupplement(ctx context.Context, code string, by Actor, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: RequestSupplement, reason: reason})
}

// Supplement records what the applicant supplied: attachments are added
// (replacing those of the same name) and form data keys overwritten. A
// dossier returned at intake goes back to intake; one under processing
// resumes, with its due time moved by the length of the pause in the
// deadline's unit.
func (s *Service) Supplement(ctx context.Context, code string, by Actor, attachments []Attachment, formData map[string]any) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Supplement, attachments: attachments, formData: formData})
}

// AwaitPayment asks for the fees to be paid. amount sets the amount due
// when the dossier has no quote yet (0 keeps the quote).
func (s *Service) AwaitPayment(ctx context.Context, code string, by Actor, amount fees.Money) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: AwaitPayment, amount: amount})
}

// Pay records the payment of the fees: before intake (online payment at
// filing) or when payment was asked for. The amount must be the quoted total.
func (s *Service) Pay(ctx context.Context, code string, by Actor, p Payment) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Pay, payment: &p})
}

// Approve records that the result is ready. Quoted fees must be paid.
func (s *Service) Approve(ctx context.Context, code string, by Actor) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Approve})
}

// Refuse refuses the dossier on the merits (mẫu 03), with the reason.
func (s *Service) Refuse(ctx context.Context, code string, by Actor, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Refuse, reason: reason})
}

// ReturnResult records that the result was handed back, and how.
func (s *Service) ReturnResult(ctx context.Context, code string, by Actor, via Delivery) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: ReturnResult, delivery: via})
}

// Withdraw withdraws the dossier at the applicant's request. An officer
// acting for the applicant must give the reason (the written request).
func (s *Service) Withdraw(ctx context.Context, code string, by Actor, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Withdraw, reason: reason})
}

// Stop stops the handling of the dossier (thông báo dừng giải quyết hồ
// sơ, mẫu 05), with its grounds as the reason: the dossier is closed
// without a result, from any state in which it is being handled.
func (s *Service) Stop(ctx context.Context, code string, by Actor, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Stop, reason: reason})
}

// Apologize records the apology letter with a new appointment (mẫu 04). It
// is allowed only before the due time, only to an officer of a unit that
// has handled the dossier (the unit at fault), with a reason, and the new
// due time must be later and on a working day.
func (s *Service) Apologize(ctx context.Context, code string, by Actor, newDue time.Time, reason string) (Dossier, error) {
	return s.do(ctx, code, by, &change{action: Apologize, reason: reason, due: newDue})
}

// change is one requested transition with its arguments.
type change struct {
	action      Action
	reason      string
	unit        string
	due         time.Time
	amount      fees.Money
	payment     *Payment
	delivery    Delivery
	attachments []Attachment
	formData    map[string]any
}

func (s *Service) do(ctx context.Context, code string, by Actor, ch *change) (Dossier, error) {
	if m, ok := s.store.(*MemStore); ok {
		// A static call: the closure and ch stay on the stack.
		return m.transact(ctx, code, func(d *Dossier) error { return s.apply(d, by, s.clock(), ch) })
	}
	d, err := s.store.Get(ctx, code)
	if err != nil {
		return Dossier{}, err
	}
	expected := d.Version
	if err := s.apply(&d, by, s.clock(), ch); err != nil {
		return Dossier{}, err
	}
	if err := s.store.Update(ctx, d, expected); err != nil {
		return Dossier{}, err
	}
	return d, nil
}
