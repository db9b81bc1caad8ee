//! A minimal HTTP/1.1 server and client for the stand-ins: enough of the protocol for the AWS SDK
//! (keep-alive, Content-Length bodies) and for forwarding to moto. Blocking std I/O, one thread
//! per connection, loopback only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl Response {
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/x-amz-json-1.1".into())],
            body: body.into(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub struct Server {
    pub endpoint: String,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.endpoint.trim_start_matches("http://"));
    }
}

/// Serves `handler` on a free loopback port until dropped.
pub fn serve(handler: impl Fn(Request) -> Response + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    let stop = Arc::new(AtomicBool::new(false));
    let handler = Arc::new(handler);
    let accept_stop = stop.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if accept_stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let handler = handler.clone();
            std::thread::spawn(move || serve_connection(stream, &*handler));
        }
    });
    Server { endpoint, stop }
}

fn serve_connection(stream: TcpStream, handler: &(dyn Fn(Request) -> Response + Send + Sync)) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        let response = handler(request);
        if write_response(&mut writer, &response).is_err() {
            return;
        }
    }
}

/// The account a stand-in serves, for STS GetCallerIdentity, which iops sends before any change.
pub const STAND_IN_ACCOUNT: &str = "123456789012";
pub const STAND_IN_CALLER: &str = "arn:aws:iam::123456789012:user/stand-in";

/// STS GetCallerIdentity (awsQuery: a form-encoded POST) answered as the STS API
/// reference shows it, for stand-ins that serve a whole endpoint (API Gateway): iops asks it
/// before any change, to name the account it acts in.
pub fn caller_identity(request: &Request) -> Option<Response> {
    let form = String::from_utf8_lossy(&request.body);
    // Any path: an endpoint with a path (`http://host/prod`) puts the query under it.
    let asked = request.method == "POST"
        && form
            .split('&')
            .any(|pair| pair == "Action=GetCallerIdentity");
    asked.then(|| Response {
        status: 200,
        headers: vec![("Content-Type".into(), "text/xml".into())],
        body: format!(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
             <GetCallerIdentityResult><Arn>{STAND_IN_CALLER}</Arn><UserId>AIDASTANDIN</UserId>\
             <Account>{STAND_IN_ACCOUNT}</Account></GetCallerIdentityResult>\
             <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>\
             </GetCallerIdentityResponse>"
        )
        .into_bytes(),
    })
}

fn read_head(reader: &mut impl BufRead) -> Option<(String, Vec<(String, String)>)> {
    let mut first = String::new();
    if reader.read_line(&mut first).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    Some((first.trim_end().to_string(), headers))
}

fn read_body(reader: &mut impl BufRead, headers: &[(String, String)]) -> Option<Vec<u8>> {
    if find_header(headers, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        let mut body = Vec::new();
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                return Some(body);
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    let length: usize =
        find_header(headers, "content-length").map_or(Some(0), |v| v.parse().ok())?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

pub fn read_request(reader: &mut impl BufRead) -> Option<Request> {
    let (line, headers) = read_head(reader)?;
    let mut parts = line.split(' ');
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let body = read_body(reader, &headers)?;
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

pub fn write_response(writer: &mut impl Write, response: &Response) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        if !["content-length", "transfer-encoding", "connection"]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
        {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", response.body.len()));
    writer.write_all(head.as_bytes())?;
    writer.write_all(&response.body)?;
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// Sends `request` to `endpoint` on a fresh connection and returns the full response.
pub fn forward(endpoint: &str, request: &Request) -> Response {
    let address = endpoint.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("upstream reachable");
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.path);
    for (name, value) in &request.headers {
        if ![
            "content-length",
            "connection",
            "transfer-encoding",
            "expect",
        ]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
        {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        request.body.len()
    ));
    stream.write_all(head.as_bytes()).expect("write upstream");
    stream
        .write_all(&request.body)
        .expect("write upstream body");
    let mut reader = BufReader::new(stream);
    let (status_line, headers) = read_head(&mut reader).expect("upstream response");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    let body = if find_header(&headers, "content-length").is_some()
        || find_header(&headers, "transfer-encoding").is_some()
    {
        read_body(&mut reader, &headers).expect("upstream body")
    } else {
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).expect("upstream body");
        rest
    };
    Response {
        status,
        headers,
        body,
    }
}
