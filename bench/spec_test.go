package bench

import "github.com/wxmock/wxmock/internal/sim"

func simSpec() sim.AppSpec { return sim.AppSpec{AppID: "wx00000000000000bb", Name: "second"} }
