package bank

import (
	"context"
	"errors"
	"fmt"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees/vietqr"
)

// Method is the payment method [Record] writes on the trail.
const Method = "bank transfer"

// Record records each settlement as the dossier's payment with
// [dossier.Service.Pay]: the amount, [Method], the bank reference and the
// payer, as the Pay event's data on the trail, by the given actor (an
// officer who checked the statement, or the system that imports it). It
// goes on after a dossier that refuses (already paid, withdrawn, another
// amount due now) and returns the dossiers it paid and the refusals
// joined, each wrapped with its code; errors.Is finds dossier's sentinels
// in them. A context error stops it.
func Record(ctx context.Context, svc *dossier.Service, by dossier.Actor, settlements []Settlement) ([]dossier.Dossier, error) {
	var paid []dossier.Dossier
	var errs []error
	for _, s := range settlements {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		d, err := svc.Pay(ctx, s.Code, by, dossier.Payment{
			Amount: s.Amount, Method: Method, Reference: s.Reference, Payer: s.Payer,
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("bank: record the payment of %s: %w", s.Code, err))
			continue
		}
		paid = append(paid, d)
	}
	return paid, errors.Join(errs...)
}

// Dues lists the dues of the store's dossiers that f selects (see
// [DueOf]), for [Reconcile]. Keep f.Brief false: a brief listing leaves
// out the fee quote and the payment.
func Dues(ctx context.Context, store dossier.Store, f dossier.Filter) ([]Due, error) {
	f.Brief = false
	var dues []Due
	for d, err := range store.List(ctx, f) {
		if err != nil {
			return nil, fmt.Errorf("bank: list dossiers: %w", err)
		}
		if due, ok := DueOf(&d); ok {
			dues = append(dues, due)
		}
	}
	return dues, nil
}

// Account is the agency's account that receives fees.
type Account struct {
	// BIN is the bank's six-digit identification number; see
	// [vietqr.LookupBank].
	BIN string `json:"bin"`
	// Number is the account number.
	Number string `json:"number"`
	// Name is the account holder's name in ASCII (e.g. "UBND PHUONG BA
	// DINH"), optional.
	Name string `json:"name,omitempty"`
}

// Request returns the VietQR payment request for a dossier's fee: a
// dynamic code to acct with the amount due and the dossier code as the
// purpose of transaction, the content Reconcile finds it by. A code longer
// than the purpose's 25 characters goes in its compact form ([Compact]),
// which Reconcile matches as well. A dossier with nothing to pay, or one
// already paid, is an error wrapping [ErrInvalid]; a bad account is a
// [*vietqr.FieldError].
func Request(acct Account, d *dossier.Dossier) (vietqr.Payload, error) {
	due, ok := DueOf(d)
	switch {
	case !ok:
		return vietqr.Payload{}, fmt.Errorf("%w: dossier %s has no fee to pay", ErrInvalid, d.Code)
	case due.Paid:
		return vietqr.Payload{}, fmt.Errorf("%w: dossier %s is already paid", ErrInvalid, d.Code)
	}
	purpose := d.Code
	if len(purpose) > vietqr.MaxText {
		purpose = Compact(purpose)
	}
	p := vietqr.Payload{
		Initiation: vietqr.Dynamic, BIN: acct.BIN, Account: acct.Number, Service: vietqr.ToAccount, Name: acct.Name,
		Amount: due.Amount, Purpose: purpose,
	}
	if _, err := p.Encode(); err != nil {
		return vietqr.Payload{}, err
	}
	return p, nil
}
