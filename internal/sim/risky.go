package sim

import "strings"

// risky reports whether any of texts holds a risky word (103004 parameter
// is risky): WeChat checks the content of messages and materials and names
// no list, so wxmock uses a few words no promotion may carry, plus its own
// marker, which lets a test ask for 103004 on purpose.
func risky(texts ...string) bool {
	for _, t := range texts {
		for _, w := range [...]string{"赌博", "博彩", "色情", "毒品", "枪支", "代开发票", "wxmock:risky"} {
			if strings.Contains(t, w) {
				return true
			}
		}
	}
	return false
}
