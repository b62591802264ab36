package catalog

import (
	"reflect"
	"time"
)

// callAll calls every method of m with sample arguments (every field set, lists of two).
// What the messages say is not looked at; a failing template panics (see renderAll).
func callAll(m Messages) {
	v := reflect.ValueOf(m)
	for i := range v.NumMethod() {
		meth := v.Method(i)
		in := make([]reflect.Value, meth.Type().NumIn())
		for j := range in {
			in[j] = sample(meth.Type().In(j), true, 0)
		}
		meth.Call(in)
	}
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[*time.Location]()
	durationType = reflect.TypeFor[time.Duration]()
)

// sampleTime is a Wednesday in the cooperative's year, after midday.
var sampleTime = time.Date(2026, time.March, 18, 14, 30, 0, 0, time.FixedZone("WIB", 7*3600))

func sample(t reflect.Type, full bool, depth int) reflect.Value {
	v := reflect.New(t).Elem()
	switch {
	case t == timeType:
		if full {
			v.Set(reflect.ValueOf(sampleTime))
		}
		return v
	case t == locationType:
		v.Set(reflect.ValueOf(sampleTime.Location()))
		return v
	case t == durationType:
		if full {
			v.SetInt(int64(90 * time.Minute))
		}
		return v
	}
	if !full || depth > 6 {
		if t.Kind() == reflect.Pointer && depth <= 6 {
			v.Set(reflect.New(t.Elem()))
		}
		return v
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString("Contoh")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		v.SetInt(2)
	case reflect.Int64:
		v.SetInt(150000)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(2)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Slice:
		s := reflect.MakeSlice(t, 2, 2)
		for i := range 2 {
			s.Index(i).Set(sample(t.Elem(), full, depth+1))
		}
		v.Set(s)
	case reflect.Array:
		for i := range t.Len() {
			v.Index(i).Set(sample(t.Elem(), full, depth+1))
		}
	case reflect.Map:
		m := reflect.MakeMap(t)
		m.SetMapIndex(sample(t.Key(), full, depth+1), sample(t.Elem(), full, depth+1))
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		p.Elem().Set(sample(t.Elem(), full, depth+1))
		v.Set(p)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := v.Field(i); f.CanSet() {
				f.Set(sample(t.Field(i).Type, full, depth+1))
			}
		}
	}
	return v
}
