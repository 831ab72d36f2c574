// Package htmlform renders a form of package forms as an HTML form on the
// server, with html/template, and reads the submitted form back into the map
// [forms.Form.Validate] takes. It is the page a district portal shows a
// citizen: the patterns are GOV.UK's (the Design System's error summary, its
// inline errors and its optional-field marking) and Open Forms'.
//
// A [Renderer] is built once per schema with [New] and is safe for
// concurrent use. [Renderer.Render] writes the <form> element:
//
//   - every field type of package forms: text (a textarea past 500
//     characters), integer, decimal and money (text inputs with a numeric
//     keyboard: GOV.UK's advice against type=number), date as one dd/mm/yyyy
//     input, bool as Có/Không radios (a question must be answered, and 0 and
//     false are answers), choice as radios (a select past seven choices),
//     multichoice as checkboxes, email, phone, citizen ID, tax code,
//     administrative unit (with a datalist of units when given), file inputs
//     with their accepted types, size and count, groups as fieldsets, and
//     repeats as fieldsets of rows with buttons to add and remove a row;
//   - labels and hints in the asked language (the schema's [forms.Text]), the
//     renderer's own words (buttons, hints, "(không bắt buộc)") from a table
//     in Vietnamese and English;
//   - the earlier answers of a [Submission], as typed (a wrong value is shown
//     again for correction), with the files already received listed as ticked
//     boxes (untick to remove) since a browser never refills a file input;
//   - the errors of [forms.Form.Validate]: an error summary at the top whose
//     links move to each field (role="alert", focus on load), and each
//     message again next to its field, bound with aria-describedby and
//     aria-invalid; a label bound to every input (for=id), a fieldset and
//     legend for each group, repeat row, radio and checkbox set.
//
// Conditions (visible_if) work without JavaScript: a field whose condition is
// false is sent with the hidden attribute, and a button "Cập nhật câu hỏi"
// sends the page back so that the server shows the questions the answers
// call for. [Script] is the progressive enhancement: it hides that button and,
// on every change, asks the server (the same action, with _action=visibility)
// which fields are hidden, so the rules are evaluated in one place, by
// package forms, and never twice in two languages.
//
// [Renderer.Parse] reads a POST (multipart/form-data or urlencoded) with a size
// limit: values are converted by their field's type (integers and money may
// be written with dots or spaces between thousands, "1.000.000"; decimals
// with a comma or a point; dates d/m/yyyy become dd/mm/yyyy; a value that
// cannot be converted is passed on as typed, for Validate to name), rows are
// added or removed as the button pressed asked ([Action]), files are read
// with their SHA-256 and sniffed media type, and the values of hidden fields
// are left out of [Submission.Data], so that an answer the citizen can no
// longer see is never filed.
//
// Input names are the paths of [forms.FieldError] ("owner.full_name",
// "members[1].citizen_id"); the renderer's own controls start with an
// underscore (_action, _rows.members, _kept.documents).
package htmlform
