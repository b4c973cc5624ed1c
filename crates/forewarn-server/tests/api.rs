//! The JSON API end to end, in-process: every endpoint, its errors and its access rules.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{assert_error, fixture, setup};
use forewarn_server::Access;
use serde_json::json;

#[tokio::test]
async fn incidents_list_filters_sorts_and_pages() {
    let f = setup(Access::LocalOpen);
    let all = f.get("/api/v1/incidents?limit=100", None).await;
    assert_eq!(all.status, StatusCode::OK);
    let all = all.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 4, "{all}");
    // The two Kabul airport reports are one incident, citing both.
    let kabul: Vec<_> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["date_start"] == "2021-08-26" && i["country"] == "AF")
        .collect();
    assert_eq!(kabul.len(), 1, "{all}");
    assert_eq!(kabul[0]["sources"], 2);

    let ru = f.get("/api/v1/incidents?country=ru", None).await.json();
    assert!(ru["total"].as_u64().unwrap() >= 1);
    assert!(
        ru["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["country"] == "RU")
    );

    let big = f.get("/api/v1/incidents?min_killed=100", None).await.json();
    assert!(
        big["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["killed"].as_u64().unwrap() >= 100)
    );
    assert!(big["total"].as_u64().unwrap() >= 2, "{big}");

    let sorted = f
        .get("/api/v1/incidents?sort=killed&order=asc&min_killed=1", None)
        .await
        .json();
    let killed: Vec<u64> = sorted["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["killed"].as_u64().unwrap())
        .collect();
    assert!(killed.windows(2).all(|w| w[0] <= w[1]), "{killed:?}");

    let by_actor = f.get("/api/v1/incidents?actor=ISKP", None).await.json();
    assert!(by_actor["total"].as_u64().unwrap() >= 3, "{by_actor}");
    let nobody = f
        .get("/api/v1/incidents?actor=Nobody%20Brigade", None)
        .await
        .json();
    assert_eq!(nobody["total"], 0);

    let text = f.get("/api/v1/incidents?q=concertgoers", None).await.json();
    assert_eq!(text["total"], 1, "{text}");
    assert_eq!(text["items"][0]["country"], "RU");

    let page = f
        .get("/api/v1/incidents?limit=1&offset=1", None)
        .await
        .json();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["offset"], 1);
    assert_eq!(page["total"].as_u64(), Some(total));
}

#[tokio::test]
async fn malformed_queries_are_json_errors() {
    let f = setup(Access::LocalOpen);
    for uri in [
        "/api/v1/incidents?sort=bogus",
        "/api/v1/incidents?order=sideways",
        "/api/v1/incidents?from=yesterday",
        "/api/v1/incidents?min_killed=many",
        "/api/v1/incidents?type=teleportation",
        "/api/v1/incidents?q=%22unbalanced",
        "/api/v1/search?q=",
        "/api/v1/actors/ISKP?as_of=soon",
        "/api/v1/adjudications?status=pending",
    ] {
        assert_error(&f.get(uri, None).await, StatusCode::BAD_REQUEST);
    }
    assert_error(
        &f.get("/api/v1/incidents/inc-000000000000", None).await,
        StatusCode::NOT_FOUND,
    );
    assert_error(
        &f.get("/api/v1/no-such-thing", None).await,
        StatusCode::NOT_FOUND,
    );
    assert_error(
        &f.get("/api/v1/actors/Nobody%20Brigade", None).await,
        StatusCode::NOT_FOUND,
    );
    let r = f
        .send(
            Request::post("/api/v1/incidents/x/review")
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", f.tokens.analyst),
                )
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST);
    // Requests axum cannot read answer in the same JSON as every other error.
    let admin = format!("Bearer {}", f.tokens.admin);
    let r = f
        .send(
            Request::post("/api/v1/tokens")
                .header(header::AUTHORIZATION, &admin)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("name=x"))
                .unwrap(),
        )
        .await;
    assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.json()["code"], "unsupported_media_type");
    let r = f
        .send(
            Request::post("/api/v1/tokens")
                .header(header::AUTHORIZATION, &admin)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"role": "admin"}"#))
                .unwrap(),
        )
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["message"].as_str().unwrap().contains("name"),
        "{}",
        r.text()
    );
    assert_error(
        &f.get("/api/v1/search?q=kabul&limit=many", None).await,
        StatusCode::BAD_REQUEST,
    );
    let r = f
        .send(
            Request::post("/api/v1/adjudications/not-a-number")
                .header(header::AUTHORIZATION, &admin)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"decision": "same"}"#))
                .unwrap(),
        )
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn incident_detail_has_every_source_and_contradictions() {
    let f = setup(Access::LocalOpen);
    let id = f
        .first_incident("country=AF&from=2021-08&to=2021-08", None)
        .await;
    let v = f.get(&format!("/api/v1/incidents/{id}"), None).await.json();
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["members"].as_array().unwrap().len(), 2);
    let reports = v["killed"]["reports"].as_array().unwrap();
    assert!(reports.len() >= 2, "{v}");
    assert!(
        reports
            .iter()
            .all(|r| !r["quote"].as_str().unwrap().is_empty())
    );
    // 183 against "at least 180": compatible, or listed as a contradiction; either way the
    // reconciled figure is at least the larger lower bound.
    assert!(
        v["killed"]["best"].as_u64().unwrap() >= 180,
        "{}",
        v["killed"]
    );
    assert!(v["review_log"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn map_timeline_and_csv_follow_the_filter() {
    let f = setup(Access::LocalOpen);
    let map = f.get("/api/v1/incidents/map?country=RU", None).await.json();
    let points = map["points"].as_array().unwrap();
    assert!(!points.is_empty());
    for p in points {
        let (lat, lon) = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
        // Krasnogorsk lies west of Moscow.
        assert!(
            (55.0..57.0).contains(&lat) && (36.0..39.0).contains(&lon),
            "{p}"
        );
        assert!(p["url"].as_str().unwrap().starts_with("/incidents/inc-"));
    }
    let tl = f
        .get("/api/v1/incidents/timeline?actor=ISKP", None)
        .await
        .json();
    let months: Vec<&str> = tl["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert!(
        months.contains(&"2021-08") && months.contains(&"2024-03"),
        "{months:?}"
    );
    let aug = tl["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["month"] == "2021-08")
        .unwrap();
    assert!(aug["killed"].as_u64().unwrap() >= 180);

    let csv = f.get("/api/v1/incidents.csv?actor=ISKP", None).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text();
    let total = f.get("/api/v1/incidents?actor=ISKP", None).await.json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(text.lines().count() as u64, total + 1, "{text}");
    assert!(text.starts_with("id,kind,type,date_start"));
}

#[tokio::test]
async fn writes_need_csrf_or_a_bearer_token_and_the_analyst_role() {
    let f = setup(Access::LocalOpen);
    let id = f.first_incident("country=RU", None).await;
    let uri = format!("/api/v1/incidents/{id}/review");
    // A browser-style write without the CSRF token is refused.
    let r = f.post_json(&uri, None, &json!({"action": "accept"})).await;
    assert_error(&r, StatusCode::FORBIDDEN);
    // A viewer's token may read but not review.
    assert_eq!(
        f.get("/api/v1/stats", Some(&f.tokens.viewer)).await.status,
        StatusCode::OK
    );
    let r = f
        .post_json(&uri, Some(&f.tokens.viewer), &json!({"action": "accept"}))
        .await;
    assert_error(&r, StatusCode::FORBIDDEN);
    // An unknown token is refused even on loopback.
    assert_error(
        &f.get("/api/v1/stats", Some("fw_00")).await,
        StatusCode::UNAUTHORIZED,
    );
    // An analyst accepts; the audit log records who.
    let r = f
        .post_json(&uri, Some(&f.tokens.analyst), &json!({"action": "accept"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["entry"]["reviewer"], "analyst");
    let v = f.get(&format!("/api/v1/incidents/{id}"), None).await.json();
    assert_eq!(v["status"], "accepted");
    assert_eq!(v["review_log"][0]["action"], "accept");
    let listed = f
        .get("/api/v1/incidents?status=accepted", None)
        .await
        .json();
    assert_eq!(listed["total"], 1);

    // With the CSRF cookie and header, the local (tokenless) analyst may write too.
    let page = f.get("/", None).await;
    let cookie = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = cookie.split_once('=').unwrap().1.to_string();
    let r = f
        .send(
            Request::post(&uri)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &cookie)
                .header("x-csrf-token", &token)
                .body(Body::from(json!({"action": "correct", "field": "killed", "value": "at least 144", "why": "toll of 24 March"}).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = f.get(&format!("/api/v1/incidents/{id}"), None).await.json();
    assert_eq!(v["killed"]["low"], 144);
    // A wrong CSRF token is refused.
    let r = f
        .send(
            Request::post(&uri)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &cookie)
                .header("x-csrf-token", "0".repeat(32))
                .body(Body::from(json!({"action": "reject"}).to_string()))
                .unwrap(),
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN);
    // Bad review requests.
    for body in [
        json!({"action": "explode"}),
        json!({"action": "correct", "field": "killed", "value": "lots"}),
        json!({"action": "correct", "field": "colour", "value": "red"}),
        json!({"action": "merge"}),
    ] {
        let r = f.post_json(&uri, Some(&f.tokens.analyst), &body).await;
        assert_error(&r, StatusCode::BAD_REQUEST);
    }
    let r = f
        .post_json(
            "/api/v1/incidents/inc-ffffffffffff/review",
            Some(&f.tokens.analyst),
            &json!({"action": "accept"}),
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND);
    // Undo the correction.
    let log = f
        .get(&format!("/api/v1/review/log?incident={id}"), None)
        .await
        .json();
    let last = log["items"][0]["id"].as_i64().unwrap();
    let r = f
        .post_json(
            &format!("/api/v1/review/{last}/undo"),
            Some(&f.tokens.analyst),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn beyond_loopback_every_request_needs_a_token() {
    let f = setup(Access::TokenRequired);
    assert_error(
        &f.get("/api/v1/incidents", None).await,
        StatusCode::UNAUTHORIZED,
    );
    assert_error(
        &f.get("/api/v1/stats", Some("fw_wrong")).await,
        StatusCode::UNAUTHORIZED,
    );
    // Pages send the browser to the login page.
    let r = f.get("/incidents", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/login");
    assert_eq!(f.get("/login", None).await.status, StatusCode::OK);
    assert_eq!(
        f.get("/api/v1/incidents", Some(&f.tokens.viewer))
            .await
            .status,
        StatusCode::OK
    );

    // Tokens: only an admin manages them; a revoked token stops working.
    assert_error(
        &f.get("/api/v1/tokens", Some(&f.tokens.analyst)).await,
        StatusCode::FORBIDDEN,
    );
    let made = f
        .post_json(
            "/api/v1/tokens",
            Some(&f.tokens.admin),
            &json!({"name": "script", "role": "viewer"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let made = made.json();
    let secret = made["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("fw_") && secret.len() == 67);
    assert_eq!(
        f.get("/api/v1/stats", Some(&secret)).await.status,
        StatusCode::OK
    );
    let listed = f.get("/api/v1/tokens", Some(&f.tokens.admin)).await.text();
    assert!(!listed.contains(&secret), "a secret must never be listed");
    let id = made["token"]["id"].as_i64().unwrap();
    let r = f
        .post_json(
            &format!("/api/v1/tokens/{id}/revoke"),
            Some(&f.tokens.admin),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_error(
        &f.get("/api/v1/stats", Some(&secret)).await,
        StatusCode::UNAUTHORIZED,
    );
    let r = f
        .post_json(
            "/api/v1/tokens",
            Some(&f.tokens.admin),
            &json!({"name": "x", "role": "overlord"}),
        )
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST);
    assert_error(
        &f.post_json(
            "/api/v1/tokens/999/revoke",
            Some(&f.tokens.admin),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
    );
}

#[tokio::test]
async fn red_documents_are_seen_only_by_cleared_tokens() {
    let f = setup(Access::LocalOpen);
    let uncleared = f
        .get("/api/v1/documents?limit=100", Some(&f.tokens.analyst))
        .await
        .json();
    let cleared = f
        .get("/api/v1/documents?limit=100", Some(&f.tokens.red))
        .await
        .json();
    assert_eq!(
        cleared["total"].as_u64().unwrap(),
        uncleared["total"].as_u64().unwrap() + 1
    );
    let red = cleared["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["tlp"] == "red")
        .unwrap();
    let id = red["id"].as_str().unwrap();
    assert_error(
        &f.get(&format!("/api/v1/documents/{id}"), Some(&f.tokens.analyst))
            .await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(
        f.get(&format!("/api/v1/documents/{id}"), Some(&f.tokens.red))
            .await
            .status,
        StatusCode::OK
    );
    // Search leaves it out too.
    assert_eq!(
        f.get("/api/v1/search?q=Kunduz", Some(&f.tokens.analyst))
            .await
            .json()["total"],
        0
    );
    assert_eq!(
        f.get("/api/v1/search?q=Kunduz", Some(&f.tokens.red))
            .await
            .json()["total"],
        1
    );
    // The incident it founded shows no quote from it to the uncleared.
    let inc = f.first_incident("q=Kunduz", None).await;
    let hidden = f
        .get(&format!("/api/v1/incidents/{inc}"), Some(&f.tokens.analyst))
        .await
        .text();
    assert!(!hidden.contains("Gozar"), "{hidden}");
    // Nor its targets', weapons' and victims' mentions, which cite no document themselves.
    assert!(!hidden.contains("worshippers"), "{hidden}");
    assert!(hidden.contains("withheld"));
    let shown = f
        .get(&format!("/api/v1/incidents/{inc}"), Some(&f.tokens.red))
        .await
        .text();
    assert!(shown.contains("Gozar"));
    assert!(shown.contains("worshippers"));
}

#[tokio::test]
async fn documents_search_annotations_and_ingest() {
    let f = setup(Access::LocalOpen);
    let hits = f
        .get("/api/v1/search?q=%22Abbey%20Gate%22", None)
        .await
        .json();
    assert_eq!(hits["total"], 2, "{hits}");
    let snippet = &hits["items"][0]["snippet"];
    assert!(!snippet["highlights"].as_array().unwrap().is_empty());
    let id = hits["items"][0]["document"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let doc = f
        .get(&format!("/api/v1/documents/{}", &id[..8]), None)
        .await
        .json();
    let text = doc["text"].as_str().unwrap().to_string();
    let marks = f
        .get(&format!("/api/v1/documents/{id}/annotations"), None)
        .await
        .json();
    let items = marks["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    for k in ["event", "date", "place", "killed", "actor"] {
        assert!(kinds.contains(&k), "no {k} mark in {kinds:?}");
    }
    for m in items {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(text.get(s..e).is_some_and(|t| !t.is_empty()), "{m}");
        assert!(m["producer"].as_str().is_some_and(|p| !p.is_empty()));
    }
    assert!(items.iter().any(|m| {
        m["incident"]
            .as_str()
            .is_some_and(|i| i.starts_with("inc-"))
    }));

    // Ingest pasted text, then the same again (a duplicate), then a file upload.
    let body = json!({"text": "On 3 January 2024 two suicide bombers killed 95 people at a memorial procession for Qassem Soleimani in Kerman, Iran. The Islamic State claimed the bombings.", "title": "Kerman bombings", "published": "2024-01-05", "tlp": "green"});
    let r = f
        .post_json("/api/v1/documents", Some(&f.tokens.analyst), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert!(r.json()["url"].as_str().unwrap().starts_with("/documents/"));
    let again = f
        .post_json("/api/v1/documents", Some(&f.tokens.analyst), &body)
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(
        f.get("/api/v1/incidents?country=IR", None).await.json()["total"],
        1
    );

    let boundary = "XfwBoundary";
    let file = std::fs::read(fixture("crocus.txt")).unwrap();
    let mut multipart = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"publisher\"\r\n\r\nTest Desk\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"crocus-copy.txt\"\r\nContent-Type: text/plain\r\n\r\n").into_bytes();
    multipart.extend_from_slice(&file);
    multipart.extend_from_slice(b"\n\nA second paragraph makes this a different text.\r\n");
    multipart.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let r = f
        .send(
            Request::post("/api/v1/documents")
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", f.tokens.analyst),
                )
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(multipart))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Bad ingests.
    for (body, status) in [
        (json!({}), StatusCode::BAD_REQUEST),
        (
            json!({"text": "x", "url": "https://example.org"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"text": "A report.", "tlp": "purple"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"url": "http://127.0.0.1:9/secret"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let r = f
            .post_json("/api/v1/documents", Some(&f.tokens.analyst), &body)
            .await;
        assert_error(&r, status);
    }
    let r = f
        .post_json(
            "/api/v1/documents",
            Some(&f.tokens.viewer),
            &json!({"text": "A report."}),
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN);
    let r = f
        .send(
            Request::post("/api/v1/documents")
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", f.tokens.analyst),
                )
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::from(vec![0u8, 159, 146, 150]))
                .unwrap(),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
}

#[tokio::test]
async fn actors_profiles_network_and_adjudications() {
    let f = setup(Access::LocalOpen);
    let list = f.get("/api/v1/actors?q=khorasan", None).await.json();
    assert!(list["total"].as_u64().unwrap() >= 1, "{list}");
    let p = f.get("/api/v1/actors/ISKP", None).await.json();
    assert_eq!(p["kind"], "organization");
    assert!(p["incidents"].as_array().unwrap().len() >= 3, "{p}");
    let net = f.get("/api/v1/actors/ISKP/network", None).await.json();
    assert_eq!(net["nodes"][0]["focus"], true);
    for e in net["edges"].as_array().unwrap() {
        assert!(
            net["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["id"] == e["source"])
        );
    }
    assert!(f.get("/api/v1/actors/ISKP/leaders", None).await.json()["rows"].is_array());
    assert!(f.get("/api/v1/actors/ISKP/strength", None).await.json()["points"].is_array());
    let before = f.get("/api/v1/actors/ISKP?as_of=2022", None).await.json();
    assert!(
        before["incidents"].as_array().unwrap().len() < p["incidents"].as_array().unwrap().len()
    );

    assert!(f.get("/api/v1/adjudications", None).await.json()["items"].is_array());
    let r = f
        .post_json(
            "/api/v1/adjudications/99999",
            Some(&f.tokens.analyst),
            &json!({"decision": "same"}),
        )
        .await;
    assert_error(&r, StatusCode::NOT_FOUND);
    let r = f
        .post_json(
            "/api/v1/adjudications/1",
            Some(&f.tokens.analyst),
            &json!({"decision": "maybe"}),
        )
        .await;
    assert_error(&r, StatusCode::BAD_REQUEST);
    let c = f.get("/api/v1/contradictions", None).await.json();
    assert!(c["items"].is_array());
    let s = f.get("/api/v1/stats", None).await.json();
    assert!(s["documents"]["documents"].as_u64().unwrap() >= 5);
    assert!(s["incidents"]["total"].as_u64().unwrap() >= 4);
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let f = setup(Access::LocalOpen);
    let doc = f.get("/api/v1/openapi.json", None).await.json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/stats",
        "/api/v1/incidents",
        "/api/v1/incidents.csv",
        "/api/v1/incidents/map",
        "/api/v1/incidents/timeline",
        "/api/v1/incidents/{id}",
        "/api/v1/incidents/{id}/review",
        "/api/v1/contradictions",
        "/api/v1/adjudications",
        "/api/v1/adjudications/{id}",
        "/api/v1/review/log",
        "/api/v1/review/{entry}/undo",
        "/api/v1/actors",
        "/api/v1/actors/{name}",
        "/api/v1/actors/{name}/network",
        "/api/v1/actors/{name}/leaders",
        "/api/v1/actors/{name}/strength",
        "/api/v1/documents",
        "/api/v1/documents/{id}",
        "/api/v1/documents/{id}/annotations",
        "/api/v1/search",
        "/api/v1/tokens",
        "/api/v1/tokens/{id}/revoke",
    ] {
        assert!(paths.contains_key(p), "{p} is not in the OpenAPI document");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn pages_render_escaped_with_a_strict_csp() {
    let f = setup(Access::LocalOpen);
    let inc = f
        .first_incident("country=AF&from=2021-08&to=2021-08", None)
        .await;
    let docs = f.get("/api/v1/search?q=placard", None).await.json();
    let hostile = docs["items"][0]["document"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (uri, expect) in [
        ("/".to_string(), "Overview"),
        ("/incidents?country=AF".to_string(), "Incidents"),
        (format!("/incidents/{inc}"), "Abbey Gate"),
        ("/actors".to_string(), "Actors"),
        (
            "/actors/ISKP".to_string(),
            "Islamic State Khorasan Province",
        ),
        ("/documents".to_string(), "Documents"),
        ("/documents?q=Krasnogorsk".to_string(), "Crocus"),
        (format!("/documents/{hostile}"), "placard"),
        ("/review".to_string(), "Review"),
        ("/ingest".to_string(), "Ingest"),
        ("/api".to_string(), "swagger-ui"),
    ] {
        let r = f.get(&uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{csp}"
        );
        let html = r.text();
        assert!(html.contains(expect), "{uri} lacks {expect:?}");
        assert!(
            !html.contains("<script>alert"),
            "{uri} let a script through"
        );
        assert!(!html.contains(" style=\""), "{uri} has an inline style");
        assert!(!html.contains(" onclick="), "{uri} has an inline handler");
    }
    let page = f.get(&format!("/documents/{hostile}"), None).await.text();
    assert!(
        page.contains("&lt;script&gt;"),
        "the report's script must show as text"
    );
    assert_eq!(f.get("/assets/app.js", None).await.status, StatusCode::OK);
    assert_eq!(
        f.get("/assets/vendor/world-atlas/countries-110m.json", None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        f.get("/assets/../Cargo.toml", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        f.get("/incidents/inc-000000000000", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn exports_stream_files_with_the_incident_filter_for_viewers() {
    let f = setup(Access::TokenRequired);
    assert_error(
        &f.get("/api/v1/export/events?format=acled-csv", None).await,
        StatusCode::UNAUTHORIZED,
    );
    let viewer = Some(f.tokens.viewer.as_str());
    let r = f
        .get("/api/v1/export/events?format=acled-csv&country=ru", viewer)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        r.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"events-acled.csv\""
    );
    let csv = r.text();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("event_id,event_date,time_precision,event_type,sub_event_type,actor1"),
        "{csv}"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty(), "{csv}");
    assert!(rows.iter().all(|r| r.contains(",Russia,RUS,")), "{csv}");

    let all = f
        .get("/api/v1/export/events?format=gtd-csv", viewer)
        .await
        .text();
    let total = f.get("/api/v1/incidents", viewer).await.json()["total"]
        .as_u64()
        .unwrap();
    assert!(all.starts_with("iyear,imonth,iday,approxdate,country_txt"));
    assert!(total > 1);

    let geo = f.get("/api/v1/export/events?format=geojson", viewer).await;
    assert_eq!(geo.headers[header::CONTENT_TYPE], "application/geo+json");
    let geo = geo.json();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"].as_array().unwrap().len() as u64, total);

    let graph = f.get("/api/v1/export/network", viewer).await;
    assert_eq!(graph.status, StatusCode::OK);
    assert_eq!(
        graph.headers[header::CONTENT_TYPE],
        "application/graphml+xml"
    );
    assert!(graph.text().contains("<graphml"));
    let lines = f
        .get("/api/v1/export/incident-actors?country=AF", viewer)
        .await
        .text();
    assert!(lines.contains(">incident</data>") && !lines.contains(">RU</data>"));

    for bad in [
        "/api/v1/export/events?format=xlsx",
        "/api/v1/export/actors?format=geojson",
        "/api/v1/export/everything",
        "/api/v1/export/events?format=acled-csv&from=yesterday",
    ] {
        assert_error(&f.get(bad, viewer).await, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn exports_withhold_red_documents_from_uncleared_tokens() {
    let f = setup(Access::LocalOpen);
    for format in ["acled-csv", "gtd-csv", "geojson", "json", "jsonl"] {
        let uri = format!("/api/v1/export/events?format={format}&q=Kunduz");
        let hidden = f.get(&uri, Some(&f.tokens.analyst)).await;
        assert_eq!(hidden.status, StatusCode::OK, "{}", hidden.text());
        let hidden = hidden.text();
        // The incident is listed, as the incident list lists it, without its source.
        assert!(hidden.contains("Kunduz"), "{format}: {hidden}");
        assert!(!hidden.contains("Gozar"), "{format}: {hidden}");
        assert!(!hidden.contains("red-note.txt"), "{format}: {hidden}");
        assert!(hidden.contains("withheld"), "{format}: {hidden}");
        let shown = f.get(&uri, Some(&f.tokens.red)).await.text();
        assert!(shown.contains("red-note.txt"), "{format}: {shown}");
        assert!(!shown.contains("withheld"), "{format}: {shown}");
    }
}
