// Signs a PDF with @signpdf (node-forge's PKCS#7), as a Node.js portal
// would: node signpdf_sign.js in.pdf key.p12 password out.pdf
const fs = require('fs');
const signpdf = require('@signpdf/signpdf').default;
const { P12Signer } = require('@signpdf/signer-p12');
const { plainAddPlaceholder } = require('@signpdf/placeholder-plain');

// Installed globally, each package has its own copy of @signpdf/utils, and
// signpdf accepts only instances of its own copy's Signer: wrap the P12
// signer in one.
const { Signer } = require(require.resolve('@signpdf/utils', { paths: [require.resolve('@signpdf/signpdf')] }));
class Wrapped extends Signer {
  constructor(inner) {
    super();
    this.inner = inner;
  }
  async sign(pdfBuffer, signingTime) {
    return this.inner.sign(pdfBuffer, signingTime);
  }
}

(async () => {
  const [inPath, p12Path, pass, outPath] = process.argv.slice(2);
  const pdfBuffer = plainAddPlaceholder({
    pdfBuffer: fs.readFileSync(inPath),
    reason: 'Nop ho so',
    contactInfo: 'applicant@example.vn',
    name: 'Tran Van Nghia',
    location: 'Ha Noi',
    signatureLength: 16384,
  });
  const signer = new Wrapped(new P12Signer(fs.readFileSync(p12Path), { passphrase: pass }));
  fs.writeFileSync(outPath, await signpdf.sign(pdfBuffer, signer));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
