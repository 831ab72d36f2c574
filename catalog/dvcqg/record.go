package dvcqg

// record is the part of a portal record the mapping reads. Keys it does not
// read are ignored; see the package comment for what is left out.
type record struct {
	Code             string    `json:"code"`
	Name             string    `json:"name"`
	UpdatedAt        int64     `json:"updatedAt"`
	ExecutionMethods []method  `json:"executionMethods"`
	ExecutionCases   []docCase `json:"executionCases"`
	ExecutionSteps   []step    `json:"executionSteps"`

	Description               string      `json:"description"`
	RequirementsAndConditions string      `json:"requirementsAndConditions"`
	Note                      string      `json:"note"`
	ReturningMethods          []returning `json:"returningMethods"`

	IsWard         bool  `json:"isWard"`
	IsDistrict     *bool `json:"isDistrict"`
	IsProvince     bool  `json:"isProvince"`
	IsMinistry     bool  `json:"isMinistry"`
	IsOtherAgency  bool  `json:"isOtherAgency"`
	IsUndetermined bool  `json:"isUndetermined"`
	IsFullProcess  bool  `json:"isFullProcess"`

	CategoriesDetails    []named   `json:"categoriesDetails"`
	Category             *named    `json:"category"`
	DepartmentsExecuting []named   `json:"departmentsExecuting"`
	UnitGroupsExecuting  []named   `json:"unitGroupsExecuting"`
	DepartmentsAuthority []named   `json:"departmentsAuthority"`
	UnitGroupsAuthority  []named   `json:"unitGroupsAuthority"`
	LegalBasisesDetails  []named   `json:"legalBasisesDetails"`
	ResultsDetails       []named   `json:"resultsDetails"`
	SubjectTypesDetails  []named   `json:"subjectTypesDetails"`
	Cases                []variant `json:"cases"`
	ProcedureProposal    *proposal `json:"procedureProposal"`
}

// named is the {id, name, code} shape of the portal's reference lists.
type named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Code string `json:"code"`
}

type method struct {
	SubmissionMethod   string `json:"submissionMethod"`
	ProcessingTime     int64  `json:"processingTime"`
	ProcessingTimeUnit string `json:"processingTimeUnit"`
	Description        string `json:"description"`
	Fees               []fee  `json:"fees"`
}

type fee struct {
	Type         string `json:"type"`
	Value        int64  `json:"value"`
	CurrencyID   string `json:"currencyId"`
	CurrencyName string `json:"currencyName"`
	Description  string `json:"description"`
}

type docCase struct {
	Name              string      `json:"name"`
	ProfileComponents []component `json:"profileComponents"`
}

type component struct {
	Name        string       `json:"name"`
	Code        string       `json:"code"`
	OriginalQty int64        `json:"originalQty"`
	CopyQty     int64        `json:"copyQty"`
	Required    bool         `json:"required"`
	EForm       bool         `json:"hasElectronicForm"`
	Attachments []attachment `json:"attachments"`
}

// step is one of executionSteps.
type step struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// returning is one of returningMethods: how results are returned for one
// kind of submission (type ONLINE or OFFLINE).
type returning struct {
	Type  string   `json:"type"`
	Value []string `json:"value"`
}

type attachment struct {
	FileName string `json:"fileName"`
}

type variant struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	ProcessingDay struct {
		Qty  int64  `json:"qty"`
		Type string `json:"type"`
	} `json:"processingDay"`
}

type proposal struct {
	ProposalNumber string `json:"proposalNumber"`
	DecisionDate   *int64 `json:"decisionDate"`
}
