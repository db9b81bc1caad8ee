#!/usr/bin/env python3
"""A minimal API Gateway v2 server for the deploy and doctor benchmarks: GetStage, GetDeployments,
GetApi, GetRoutes, GetIntegrations and GetAuthorizers for one API, shaped as in the API reference
(moto implements neither deployments, stages' deployment ids nor GetAuthorizers).

usage: apigw_server.py   (prints the port, serves until stdin closes)
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEPLOYMENTS = [{"deploymentId": f"d{i}", "createdDate": f"2026-11-{1 + i:02d}T10:00:00Z", "deploymentStatus": "DEPLOYED",
                "autoDeployed": False, "description": f"cdk deploy {i}"} for i in range(20)]
STAGE = {"stageName": "prod", "deploymentId": "d3", "autoDeploy": False, "createdDate": "2026-11-01T00:00:00Z",
         "lastUpdatedDate": "2026-11-04T00:00:00Z",
         "defaultRouteSettings": {"throttlingBurstLimit": 5000, "throttlingRateLimit": 10000.0, "loggingLevel": "INFO"}}

ROUTES = [{"routeId": f"r{i}", "routeKey": key, "authorizationType": "CUSTOM" if key == "$connect" else "NONE",
           "target": f"integrations/i{i}", **({"authorizerId": "au1"} if key == "$connect" else {})}
          for i, key in enumerate(["$connect", "$disconnect", "$default"])]
INTEGRATIONS = [{"integrationId": f"i{i}", "integrationType": "AWS_PROXY"} for i in range(3)]
AUTHORIZERS = [{"authorizerId": "au1", "name": "TokenAuthorizer", "authorizerType": "REQUEST",
                "identitySource": ["route.request.querystring.token"]}]
API = {"apiId": "abc123", "name": "IOpsDashboard-WebSocketApi", "protocolType": "WEBSOCKET",
       "routeSelectionExpression": "$request.body.action"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0].rstrip("/")
        if path.endswith("/deployments"):
            body = {"items": DEPLOYMENTS}
        elif path.endswith("/stages/prod"):
            body = STAGE
        elif path.endswith("/stages"):
            body = {"items": [STAGE]}
        elif path.endswith("/routes"):
            body = {"items": ROUTES}
        elif path.endswith("/integrations"):
            body = {"items": INTEGRATIONS}
        elif path.endswith("/authorizers"):
            body = {"items": AUTHORIZERS}
        elif path.endswith("/apis/abc123"):
            body = API
        else:
            body = None
        data = json.dumps(body if body is not None else {"message": "not found"}).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
