// Package dvcqg imports procedure records as the National Public Service
// Portal (Cổng Dịch vụ công Quốc gia) publishes them: one JSON object per
// administrative procedure, with its execution methods per channel, its
// required documents per case, its level flags, sectors, agencies, legal
// bases and publishing decision.
//
// [ReadProcedure] maps one record to a [catalog.Procedure]. [ReadRecords] reads a
// JSON array of records or records one after another (JSON lines), and
// [ReadAll] reads the files of an [fs.FS] matching a glob; both return a
// [*catalog.Catalog] of the records that could be imported and the list of
// [Problem]s met, each naming the record's code, its source and index, and
// the JSON path of the offending value:
//
//	dvcqg: 1.900011 (records.jsonl #1) executionMethods[1].processingTime: processing time -3 is out of range 0..10000 (record skipped)
//
// A problem either leaves the record out (malformed JSON, a wrong JSON
// type, a missing code or name, a negative or absurd number, an unknown
// time unit: [Problem.Skipped]) or only reports what was approximated or
// missing (an unknown submission method, a fee in a currency it cannot
// name, return methods that differ by kind of submission, no sector, no
// level). With [Strict] the first problem
// of either kind stops the import.
//
// The input's limits ([MaxInputBytes], [MaxRecords]) and the memory an
// import takes are documented together in limits.go; an input past one
// is an error wrapping [ErrTooLarge].
//
// # Mapping
//
// Text is normalised to Unicode NFC (the portal mixes forms) and white
// space is collapsed: single-line fields to one line, multi-line fields
// (channel notes, fee and document texts) keep their line breaks but lose
// empty lines and spaces around each line.
//
//	Procedure field   record key(s)
//	Code              code
//	Name              name
//	Sector            categoriesDetails[0].name, else category.name; further
//	                  sectors are reported (ErrInexact) and dropped
//	Levels            isWard → Commune, isDistrict (older records) → District,
//	                  isProvince → Province, isMinistry → Central, in that order;
//	                  isOtherAgency and isUndetermined have no level (a problem
//	                  when no flag is set)
//	Online            Full when isFullProcess; otherwise Partial when an ONLINE
//	                  execution method exists; otherwise Offline
//	Channels          one entry per executionMethods[i], in record order:
//	                  submissionMethod DIRECT → Counter, ONLINE → Online,
//	                  POSTAL → Post (others are reported and left out);
//	                  processingTime → Time; processingTimeUnit WORKING_DAY →
//	                  WorkingDays, DAY → CalendarDays, OTHER → UnitOther, MONTH →
//	                  Months; description → Note
//	Channels[].Fees   one FeeNote per fees[j]: value > 0 → Amount, HasAmount;
//	                  description → Text. A value of 0 often means "not stated
//	                  here", so it is kept as text only (HasAmount false) when
//	                  a description exists and left out otherwise (a
//	                  SERVICE_FEE is kept even then). type SERVICE_FEE →
//	                  Kind ServiceFee; type FEE covers both fees and charges:
//	                  Kind Charge when the text starts with "Lệ phí", Fee when
//	                  it starts with "Phí", FeeKindUnknown otherwise.
//	                  currencyName → Currency: empty for Việt Nam Đồng (or
//	                  VND, VNĐ, đồng, or none), "USD" for Đô la Mỹ, the name
//	                  itself when it is an ISO 4217 code ("USD", "EUR"); a
//	                  name it cannot map keeps the fee as text only
//	                  ("10 bảng Anh", ErrInexact)
//	ProcessingDays    the Time of the first channel in working days, looking at
//	                  Counter, then Online, then Post; failing that the same in
//	                  calendar days; 0 when no channel has either
//	NoFixedDuration   true when every execution method (at least one) has the
//	                  unit OTHER: no fixed duration, such as a scholarship paid
//	                  twice a year, so no due date ([catalog.Procedure.ProcessingTime]
//	                  is not Fixed); ProcessingDays is then 0
//	Documents         executionCases[0].profileComponents when the record has a
//	                  single case without a name
//	Cases             otherwise one Case per executionCases[i], Name from name
//	Requirement       name → Name (without a leading "- ", "+ ", "• " or a
//	                  trailing ";"; unnamed documents are reported and left out);
//	                  originalQty → Originals; copyQty → Copies;
//	                  attachments[].fileName → Template, joined with "; ";
//	                  code → Code; hasElectronicForm → EForm;
//	                  Optional when the name says "(nếu có)" and required is
//	                  false — the portal's required flag is false on nearly
//	                  every entry, mandatory forms included, so it is not read
//	                  as "optional"
//	Agency            departmentsExecuting[].name joined with ", ", else
//	                  unitGroupsExecuting[].name
//	Authority         departmentsAuthority[].name joined with ", ", else
//	                  unitGroupsAuthority[].name (delegatedAgencies mirrors it)
//	Variants          one Variant per cases[i], in record order (codes may
//	                  repeat): code → Code, name → Name, processingDay.qty →
//	                  Time, processingDay.type → Unit as for channels; a
//	                  variant with an unknown unit or a time outside 0..10000
//	                  is reported and left out
//	Steps             one per executionSteps[i] that says something: its name
//	                  and its description on the following lines
//	Conditions        requirementsAndConditions; description too when it
//	                  differs (it duplicates it in every record seen)
//	Note              note
//	ReturnMethods     returningMethods[].value[], the union over the kinds of
//	                  submission (type ONLINE, OFFLINE) in order of first
//	                  appearance: AT_SUBMISSION_PLACE → Counter, AT_HOME → Post,
//	                  ONLINE → Online; lists that differ by kind are reported
//	                  (ErrInexact), unknown values reported and left out
//	Subjects          subjectTypesDetails[].name, duplicates dropped
//	Result            resultsDetails[].name joined with "; ", duplicates dropped
//	LegalBasis        legalBasisesDetails[], duplicate ids dropped: the name
//	                  followed by " (code)" unless the name contains the code
//	LegalRefs         the same documents, in the same order (LegalRefs[i] is
//	                  LegalBasis[i]): code → Code, name → Name
//	Decision          procedureProposal.proposalNumber
//	DecisionDate      procedureProposal.decisionDate, Unix milliseconds, taken
//	                  to its calendar date in Asia/Ho_Chi_Minh (the portal
//	                  stores midnight in Vietnam or midnight UTC; both give the
//	                  intended date)
//	ValidFrom/To      not in the record: zero (always in force)
//	FormID, FeeItems  not in the record: empty
//
// The catalogue's note ([catalog.Catalog.Note]) says where it came from and
// how many records were imported of how many read.
//
// Not mapped: the promulgating ministry, isVertical, isSharedService,
// isOfflineOnly, isNonTerritorial, formalityType, state, keywords,
// dossierReceivingAddresses, serviceGroupsDetails, the documents' ids and
// the templates' storage paths, the fees' currency ids, id and timestamps
// (updatedAt only decides between two records with one code), and the keys
// that are always empty (FORMAT.md section 6).
package dvcqg
