package qris

// TagName returns the EMVCo/QRIS name of tag; parent is "" for a
// top-level tag or the template's tag for a sub-field (TagName("05",
// "62") is "Reference Label"). It returns "" for an unknown tag.
func TagName(tag, parent string) string {
	n, ok := tagNum(tag)
	if !ok {
		return ""
	}
	if parent == "" {
		return topName(tag, n)
	}
	p, ok := tagNum(parent)
	if !ok {
		return ""
	}
	switch {
	case p >= 26 && p <= 51:
		switch tag {
		case "00":
			return "Globally Unique Identifier"
		case "01":
			return "Merchant PAN"
		case "02":
			if p == 51 {
				return "National Merchant ID (NMID)"
			}
			return "Merchant ID"
		case "03":
			return "Merchant Criteria"
		}
		return "Payment Network Specific"
	case p == 62:
		if name, ok := additionalNames[tag]; ok {
			return name
		}
		if n >= 10 && n <= 49 {
			return "RFU for EMVCo"
		}
		return "Payment System Specific Template"
	case p == 64:
		switch tag {
		case "00":
			return "Language Preference"
		case "01":
			return "Merchant Name - Alternate Language"
		case "02":
			return "Merchant City - Alternate Language"
		}
		return "RFU for EMVCo"
	case p >= 80:
		if tag == "00" {
			return "Globally Unique Identifier"
		}
		return "Context Specific Data"
	}
	return ""
}

var additionalNames = map[string]string{
	"01": "Bill Number",
	"02": "Mobile Number",
	"03": "Store Label",
	"04": "Loyalty Number",
	"05": "Reference Label",
	"06": "Customer Label",
	"07": "Terminal Label",
	"08": "Purpose of Transaction",
	"09": "Additional Consumer Data Request",
}

var topNames = map[string]string{
	"00": "Payload Format Indicator",
	"01": "Point of Initiation Method",
	"52": "Merchant Category Code",
	"53": "Transaction Currency",
	"54": "Transaction Amount",
	"55": "Tip or Convenience Indicator",
	"56": "Value of Convenience Fee Fixed",
	"57": "Value of Convenience Fee Percentage",
	"58": "Country Code",
	"59": "Merchant Name",
	"60": "Merchant City",
	"61": "Postal Code",
	"62": "Additional Data Field Template",
	"63": "CRC",
	"64": "Merchant Information - Language Template",
}

func topName(tag string, n int) string {
	if name, ok := topNames[tag]; ok {
		return name
	}
	for _, r := range topRanges {
		if n >= r.from && n <= r.to {
			return r.name
		}
	}
	return ""
}

// topRanges names the top-level tags by range, the first that holds the tag.
var topRanges = []struct {
	from, to int
	name     string
}{
	{2, 3, "Merchant Account Information (Visa)"},
	{4, 5, "Merchant Account Information (Mastercard)"},
	{9, 10, "Merchant Account Information (Discover)"},
	{11, 12, "Merchant Account Information (Amex)"},
	{13, 14, "Merchant Account Information (JCB)"},
	{15, 16, "Merchant Account Information (UnionPay)"},
	{2, 51, "Merchant Account Information"},
	{65, 79, "RFU for EMVCo"},
	{80, 99, "Unreserved Template"},
}
