// The gateway: the only public entry point. HTTP/JSON for the web console and mini-program,
// turned into RPC calls to the services (SPEC GW-1 … GW-4). See GatewayApplication.swift.
import GatewayApp

await GatewayApplication.main()
