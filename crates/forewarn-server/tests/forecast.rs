//! `GET /api/v1/forecast` end to end, in-process, and the actor page's forecast panel.

mod common;

use axum::http::StatusCode;
use common::{assert_error, setup};
use forewarn_server::Access;

#[tokio::test]
async fn forecasts_an_actor_with_intervals_flags_and_a_backtest() {
    let f = setup(Access::LocalOpen);
    let r = f
        .get(
            "/api/v1/forecast?actor=ISKP&months=3&as_of=2024-06&backtest=true",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["last_month"], "2024-06");
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["month"],
        "2024-06"
    );
    let forecasts = v["forecasts"].as_array().unwrap();
    assert_eq!(forecasts.len(), 4, "{v}");
    for f in forecasts {
        let months = f["months"].as_array().unwrap();
        assert_eq!(months.len(), 3);
        assert_eq!(months[0]["month"], "2024-07");
        for m in months {
            assert!(m["interval95"]["low"].as_u64() <= m["interval80"]["low"].as_u64());
            assert!(m["interval80"]["high"].as_u64() <= m["interval95"]["high"].as_u64());
        }
    }
    assert_eq!(v["tempo"].as_array().unwrap().len(), 4);
    assert!(v["expansions"].is_array());
    // The fixture's few incidents may or may not make a long enough series; either there is
    // a backtest or a note says why not.
    assert!(
        v["backtest"].is_object() || !v["notes"].as_array().unwrap().is_empty(),
        "{v}"
    );

    let one = f
        .get("/api/v1/forecast?country=AF&model=hawkes", None)
        .await
        .json();
    assert_eq!(one["forecasts"].as_array().unwrap().len(), 1);
    assert_eq!(one["forecasts"][0]["model"], "hawkes");
    assert_eq!(one["series"], "country AF");
}

#[tokio::test]
async fn bad_forecast_queries_are_refused_with_reasons() {
    let f = setup(Access::LocalOpen);
    for uri in [
        "/api/v1/forecast?country=AF&actor=ISKP",
        "/api/v1/forecast?months=0",
        "/api/v1/forecast?model=arima",
        "/api/v1/forecast?as_of=soon",
    ] {
        assert_error(&f.get(uri, None).await, StatusCode::BAD_REQUEST);
    }
    assert_error(
        &f.get("/api/v1/forecast?actor=Nobody%20Brigade", None).await,
        StatusCode::NOT_FOUND,
    );
    let doc = f.get("/api/v1/openapi.json", None).await.json();
    assert!(doc["paths"]["/api/v1/forecast"]["get"].is_object());
}

#[tokio::test]
async fn the_actor_page_has_a_forecast_panel() {
    let f = setup(Access::LocalOpen);
    let page = f.get("/actors/ISKP", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("fw-forecast"), "no forecast panel");
    assert!(
        html.contains("/api/v1/forecast?backtest=true&amp;actor="),
        "{html}"
    );
}
