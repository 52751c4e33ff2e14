package httpapi

import (
	"math"
	"slices"
	"strconv"
)

// storeListPage is get_store_list's answer written by hand: reflection
// cost more than the rest of the call. storeList answers with it only
// when every coordinate is finite; encoding/json refuses the others.
type storeListPage storeListBody

func (b *storeListPage) appendJSON(dst []byte) []byte {
	dst = slices.Grow(dst, 64+len(b.BusinessList)*600)
	dst = append(dst, `{"errcode":`...)
	dst = strconv.AppendInt(dst, int64(b.ErrCode), 10)
	dst = append(dst, `,"errmsg":`...)
	dst = appendString(dst, b.ErrMsg)
	dst = append(dst, `,"business_list":`...)
	if b.BusinessList == nil {
		dst = append(dst, "null"...)
	} else {
		dst = b.appendList(dst)
	}
	dst = append(dst, `,"total_count":`...)
	dst = strconv.AppendInt(dst, int64(b.TotalCount), 10)
	return append(dst, '}')
}

func (b *storeListPage) appendList(dst []byte) []byte {
	dst = append(dst, '[')
	for i := range b.BusinessList {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"base_info":`...)
		dst = b.BusinessList[i].BaseInfo.appendJSON(dst)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func (b *baseInfo) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"business_name":`...)
	dst = appendString(dst, b.BusinessName)
	dst = append(dst, `,"address":`...)
	dst = appendString(dst, b.Address)
	dst = append(dst, `,"telephone":`...)
	dst = appendString(dst, b.Telephone)
	if b.Categories != nil {
		dst = append(dst, `,"categories":`...)
		dst = appendStrings(dst, *b.Categories)
	}
	dst = append(dst, `,"city":`...)
	dst = appendString(dst, b.City)
	dst = append(dst, `,"province":`...)
	dst = appendString(dst, b.Province)
	dst = append(dst, `,"longitude":`...)
	dst = appendFloat(dst, b.Longitude)
	dst = append(dst, `,"latitude":`...)
	dst = appendFloat(dst, b.Latitude)
	dst = append(dst, `,"photo_list":`...)
	if b.PhotoList == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i, p := range b.PhotoList {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"photo_url":`...)
			dst = appendString(dst, p.PhotoURL)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"open_time":`...)
	dst = appendString(dst, b.OpenTime)
	dst = append(dst, `,"poi_id":`...)
	dst = appendString(dst, b.PoiID)
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(b.Status), 10)
	dst = append(dst, `,"district":`...)
	dst = appendString(dst, b.District)
	if b.QualificationList != nil {
		dst = append(dst, `,"qualification_list":`...)
		dst = appendStrings(dst, *b.QualificationList)
	}
	dst = append(dst, `,"qualification_num":`...)
	dst = appendString(dst, b.QualificationNum)
	dst = append(dst, `,"qualification_name":`...)
	dst = appendString(dst, b.QualificationName)
	return append(dst, '}')
}

// appendStrings writes a list of strings, null for a nil one.
func appendStrings(dst []byte, ss []string) []byte {
	if ss == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

// appendFloat writes a finite float64 as encoding/json does: the shortest
// text that reads back the same, in exponent form only below 1e-6 or from
// 1e21 on, with a one-digit negative exponent unpadded.
func appendFloat(dst []byte, f float64) []byte {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}
