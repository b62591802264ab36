package qris

import (
	"strings"
	"testing"
)

// Static QRIS payloads that merchants published in public source code, found by searching
// public repositories for "ID.CO.QRIS.WWW0215" (sources named beside each; the payloads are
// printed on shop counters, so they are public by design).
var publicPayloads = []struct{ source, payload, merchant, city string }{
	{
		// A JKT48Connect API client's payment page (public GitHub repository, React
		// HomeView component calling api.jkt48connect.my.id/api/orkut/createpayment).
		"jkt48connect client, HomeView.tsx",
		"00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214149391352933240303UMI51440014ID.CO.QRIS.WWW0215ID20233077025890303UMI5204541153033605802ID5919VALZSTORE OK14535636006SERANG61054211162070703A016304DCD2",
		"VALZSTORE OK1453563", "SERANG",
	},
	{
		// A neighbourhood-dues web app (public GitHub repository, iuran.js default
		// payment_qris_string, DANA merchant).
		"RT dues web app, iuran.js",
		"00020101021126570011ID.DANA.WWW011893600915311093669202091109366920303UKE51440014ID.CO.QRIS.WWW0215ID10210624013640303UKE5204899953033605802ID5909SHN GROUP6010Kab. Bogor6105163206304BAFC",
		"SHN GROUP", "Kab. Bogor",
	},
}

func TestPublicQRISPayloads(t *testing.T) {
	for _, c := range publicPayloads {
		t.Run(c.source, func(t *testing.T) {
			p := mustDecode(t, c.payload)
			if p.Value("59") != c.merchant || p.Value("60") != c.city || p.Value("53") != "360" || p.Value("01") != "11" {
				t.Errorf("merchant %q city %q currency %q initiation %q", p.Value("59"), p.Value("60"), p.Value("53"), p.Value("01"))
			}
			if got := Encode(p); got != c.payload {
				t.Errorf("re-encoding changed the payload:\n got  %s\n want %s", got, c.payload)
			}
			d, err := p.Dynamic(25_000, DynamicOptions{ReferenceLabel: "QR-000001"})
			if err != nil {
				t.Fatal(err)
			}
			enc := Encode(d)
			back := mustDecode(t, enc)
			if back.Value("01") != "12" || back.Value("54") != "25000" || back.Value("59") != c.merchant {
				t.Errorf("dynamic: initiation %q amount %q merchant %q", back.Value("01"), back.Value("54"), back.Value("59"))
			}
			if !strings.Contains(enc, "540525000"+"5802ID") {
				t.Errorf("the amount is not just before tag 58: %s", enc)
			}
		})
	}
}
