// Times Porcupine's checker on history files of the lab's format (SCENARIO.md, "History files"), with a
// key/value model partitioned by key, as Porcupine's own kv tests do. Failed operations took no effect and
// are left out; an info operation never returns (Knossos's and Porcupine's convention).
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/anishathalye/porcupine"
)

type op struct {
	Client   int64           `json:"client"`
	Op       string          `json:"op"`
	Key      string          `json:"key"`
	Value    *string         `json:"value"`
	From     *string         `json:"from"`
	To       *string         `json:"to"`
	CallUs   int64           `json:"call_us"`
	ReturnUs *int64          `json:"return_us"`
	Outcome  string          `json:"outcome"`
	Result   json.RawMessage `json:"result"`
}

type input struct {
	op, key, value, from, to string
}

type output struct {
	known   bool // false for an info operation: any result
	present bool
	value   string
	swapped bool
}

type state struct {
	present bool
	value   string
}

func main() {
	model := porcupine.Model{
		Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
			byKey := map[string][]porcupine.Operation{}
			var keys []string
			for _, o := range history {
				k := o.Input.(input).key
				if _, ok := byKey[k]; !ok {
					keys = append(keys, k)
				}
				byKey[k] = append(byKey[k], o)
			}
			var parts [][]porcupine.Operation
			for _, k := range keys {
				parts = append(parts, byKey[k])
			}
			return parts
		},
		Init: func() interface{} { return state{} },
		Step: func(s, in, out interface{}) (bool, interface{}) {
			st, i, o := s.(state), in.(input), out.(output)
			switch i.op {
			case "get":
				return !o.known || (o.present == st.present && o.value == st.value), st
			case "put":
				return true, state{true, i.value}
			case "append":
				return true, state{true, st.value + i.value}
			default: // cas
				swaps := st.present && st.value == i.from
				if o.known && o.swapped != swaps {
					return false, st
				}
				if swaps {
					return true, state{true, i.to}
				}
				return true, st
			}
		},
		Equal: func(a, b interface{}) bool { return a == b },
	}
	timeout := timeoutFromEnv()
	for _, path := range os.Args[1:] {
		var doc struct {
			Operations []op `json:"operations"`
		}
		text, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(text, &doc)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, path, err)
			os.Exit(2)
		}
		var history []porcupine.Operation
		for _, o := range doc.Operations {
			if o.Outcome == "fail" {
				continue
			}
			in := input{op: o.Op, key: o.Key}
			if o.Value != nil {
				in.value = *o.Value
			}
			if o.From != nil {
				in.from, in.to = *o.From, *o.To
			}
			out := output{known: o.Outcome == "ok"}
			ret := int64(math.MaxInt64)
			if o.ReturnUs != nil && o.Outcome == "ok" {
				ret = *o.ReturnUs
			}
			if out.known && len(o.Result) > 0 {
				switch o.Op {
				case "get":
					var v *string
					json.Unmarshal(o.Result, &v)
					if v != nil {
						out.present, out.value = true, *v
					}
				case "cas":
					json.Unmarshal(o.Result, &out.swapped)
				}
			}
			history = append(history, porcupine.Operation{ClientId: int(o.Client), Input: in, Call: o.CallUs, Output: out, Return: ret})
		}
		start := time.Now()
		result := porcupine.CheckOperationsTimeout(model, history, timeout)
		fmt.Printf("%s\t%s\t%.1f ms\n", path, result, float64(time.Since(start).Microseconds())/1000)
	}
}

// PORCUPINE_TIMEOUT_S, 30 by default: past it Porcupine answers Unknown, as the lab's checker says undecided.
func timeoutFromEnv() time.Duration {
	seconds := 30
	fmt.Sscan(os.Getenv("PORCUPINE_TIMEOUT_S"), &seconds)
	return time.Duration(seconds) * time.Second
}
