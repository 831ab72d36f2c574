// Package dossier follows an application (hồ sơ) through the one-stop shop
// (một cửa) of a Vietnamese commune, district or province: submission,
// receipt with an appointment date, processing, supplementation, transfer,
// payment, result or refusal, return, withdrawal and apology, as Decree
// 118/2025/NĐ-CP (in force since 1 July 2025, replacing Decrees 61/2018 and
// 107/2021) and the forms of Circular 01/2018/TT-VPCP lay them down.
//
// The pieces:
//
//   - [Dossier]: what was filed (procedure, applicant, channel, form data,
//     attachment digests, fee quote), its [Status], its deadline and its
//     trail of [Event]s.
//   - [Calendar]: working days (weekends, public holidays and Tết,
//     compensatory days off, swapped working Saturdays), office hours and
//     the cut-off, for any date from [FirstYear] to [LastYear]. Years with
//     an official notice stand as published ([Official] embeds the civil
//     service's 2025 and 2026 calendars; [ReadYearsJSON] loads later
//     notices); every other year is computed from the Labour Code's dated
//     holiday rules ([LabourCode], [ProvisionalYear]) and marked
//     provisional, and [Calendar.Day] says of each day where it comes from.
//     Deadlines count in working days, working hours, calendar days or
//     months ([Calendar.DueDate]); a due date resting on a provisional year
//     is recorded in the event that set it ([Dossier.ProvisionalYears]),
//     and [CompareCalendars] and [DueChanges] say what an official notice
//     changes.
//   - The Vietnamese lunisolar calendar, computed for UTC+7 ([ToLunar],
//     [LunarDate.Solar], [LunarNewYear]), which Tết and Hùng Kings' day
//     rest on.
//   - The trail: every change appends an [Event] whose SHA-256 hash covers
//     its canonical encoding and the previous hash ([AppendCanonical]), so
//     [VerifyTrail] detects any edited, removed, reordered or inserted event.
//     The events carry every field a transition sets (trail format 2, see
//     [SubmissionData]), so [Dossier.Verify] rebuilds the state from the
//     trail and a field edited outside it is a [*MismatchError] naming it.
//   - The transparency [Log]: every event of every dossier is a leaf of one
//     append-only Merkle tree (RFC 6962/9162, on golang.org/x/mod's tlog),
//     appended by the store in the same transaction. The agency signs
//     [Checkpoint]s ([SignCheckpoint], Ed25519 signed notes); inclusion and
//     consistency proofs ([ProveInclusion], [ProveConsistency]) verify with
//     the proofs and the public key alone, and [Audit] checks a whole store
//     against its log and a kept checkpoint: edited fields, broken or
//     rewritten trails, deleted dossiers, a log that no longer extends the
//     checkpoint. A citizen's [Receipt] carries the submission's hash and
//     log index.
//   - [Store]: Create, Get, Update with optimistic concurrency (a stale
//     version is [ErrConflict] and nothing is written), List as an
//     iterator, and NextCode for codes of Circular 01/2018 Art. 19
//     ("000.00.01.H12-251126-0001"). [MemStore] keeps dossiers in memory;
//     dossier/sqlstore keeps them in SQL; dossier/storetest checks any Store.
//   - [Service]: the transitions, each loading the dossier, checking the
//     rules, appending the event and saving through the Store in one step.
//     An illegal transition is a [*TransitionError] wrapping
//     [ErrInvalidTransition] and changes nothing.
//   - [Summarize]: the settlement statistics table of a period, grouped by
//     sector, agency, procedure or level, which dossier/report writes to
//     Excel.
//
// Time is always an input: the Service takes it from an injected clock and
// rules take it as an argument; dates are in Asia/Ho_Chi_Minh.
package dossier
