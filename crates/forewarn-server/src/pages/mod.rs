//! The web app: server-rendered pages (maud escapes every value it prints, so a report that
//! contains `<script>` shows as text), with the charts and the keyboard review drawn by
//! `assets/app.js` from the JSON API. No inline script or style: the CSP forbids both.

mod actors;
mod documents;
mod incidents;
mod review;

use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use crate::auth::{Principal, TOKEN_COOKIE};
use crate::error::ApiError;
use crate::guard::CsrfToken;
use crate::state::AppState;

/// The pages' routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(incidents::overview))
        .route("/incidents", get(incidents::list))
        .route("/incidents/{id}", get(incidents::show))
        .route("/incidents/{id}/review", post(incidents::review))
        .route("/actors", get(actors::list))
        .route("/actors/{name}", get(actors::show))
        .route("/documents", get(documents::list))
        .route("/documents/{id}", get(documents::show))
        .route("/ingest", get(documents::ingest))
        .route("/review", get(review::queue))
        .route("/adjudications/{id}", post(review::decide))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/api", get(api_docs))
}

/// What a page failed with, shown as a page (a missing token sends the browser to log in).
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        if e.status == StatusCode::UNAUTHORIZED {
            return Redirect::to("/login").into_response();
        }
        let body = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    title { "forewarn: " (e.status.as_u16()) }
                    link rel="stylesheet" href="/assets/app.css";
                }
                body {
                    header.fw-nav { a.fw-brand href="/" { "forewarn" } }
                    main.fw-main {
                        div.fw-head { h1 { (e.status.as_u16()) " " (e.status.canonical_reason().unwrap_or("")) } }
                        p.fw-flash.fw-flash-error { (e.message) }
                        p { a href="/" { "Back to the overview" } }
                    }
                }
            }
        };
        (e.status, Html(body.into_string())).into_response()
    }
}

/// The principal of a page request: as [`Principal`], but a missing token sends the browser
/// to the login page instead of answering JSON.
pub struct Reader(pub Principal);

impl axum::extract::FromRequestParts<AppState> for Reader {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, PageError> {
        <Principal as axum::extract::FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Reader)
            .map_err(PageError)
    }
}

/// A page's result.
pub type PageResult = Result<Html<String>, PageError>;

const NAV: &[(&str, &str)] = &[
    ("/", "Overview"),
    ("/incidents", "Incidents"),
    ("/actors", "Actors"),
    ("/documents", "Documents"),
    ("/review", "Review"),
    ("/ingest", "Ingest"),
    ("/api", "API"),
];

/// The frame every page shares.
pub fn layout(
    title: &str,
    active: &str,
    csrf: &CsrfToken,
    p: &Principal,
    body: Markup,
) -> Html<String> {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(csrf.0);
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false}"#;
                title { (title) " · forewarn" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/assets/vendor/leaflet/leaflet.css";
                link rel="stylesheet" href="/assets/vendor/leaflet.markercluster/MarkerCluster.css";
                link rel="stylesheet" href="/assets/vendor/leaflet.markercluster/MarkerCluster.Default.css";
                link rel="stylesheet" href="/assets/app.css";
                script defer src="/assets/vendor/leaflet/leaflet.js" {}
                script defer src="/assets/vendor/leaflet.markercluster/leaflet.markercluster.js" {}
                script defer src="/assets/vendor/topojson-client/topojson-client.min.js" {}
                script defer src="/assets/vendor/cytoscape/cytoscape.min.js" {}
                script defer src="/assets/vendor/htmx.org/htmx.min.js" {}
                script defer src="/assets/app.js" {}
            }
            body {
                header.fw-nav {
                    a.fw-brand href="/" { "forewarn" }
                    ul.fw-nav-links {
                        @for (href, label) in NAV {
                            li { a.is-active[*href == active] href=(href) { (label) } }
                        }
                    }
                    form.fw-nav-search action="/documents" method="get" {
                        input type="search" name="q" placeholder="Search reports" aria-label="Search reports";
                    }
                    span.fw-small.fw-muted { (p.name) " · " (p.role) }
                    @if p.name != "local" {
                        form method="post" action="/logout" {
                            input type="hidden" name="_csrf" value=(csrf.0);
                            button.fw-btn.fw-btn-small.fw-btn-link type="submit" { "Log out" }
                        }
                    }
                }
                main.fw-main { (body) }
                footer.fw-footer {
                    "forewarn · every value is tied to the report it came from · "
                    a href="/api" { "API" }
                    " · place data: GeoNames (CC BY 4.0), world outlines: Natural Earth"
                }
            }
        }
    };
    Html(page.into_string())
}

/// A `?done=` or `?error=` message after a form's redirect.
#[derive(Debug, Default, Deserialize)]
pub struct Flash {
    done: Option<String>,
    error: Option<String>,
}

impl Flash {
    fn render(&self) -> Markup {
        html! {
            @if let Some(m) = &self.done { p.fw-flash.fw-flash-ok { (m) } }
            @if let Some(m) = &self.error { p.fw-flash.fw-flash-error { (m) } }
        }
    }
}

/// `path?done=...` or `path?error=...`.
fn after(path: &str, result: Result<String, ApiError>) -> Redirect {
    let (key, msg) = match result {
        Ok(m) => ("done", m),
        Err(e) => ("error", e.message),
    };
    let q = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(key, &msg)
        .finish();
    Redirect::to(&format!("{path}?{q}"))
}

async fn login_page(
    Extension(csrf): Extension<CsrfToken>,
    Query(flash): Query<Flash>,
) -> Html<String> {
    let p = Principal {
        name: "not signed in".into(),
        role: forewarn_model::Role::Viewer,
        red: false,
        bearer: false,
    };
    layout(
        "Log in",
        "",
        &csrf,
        &p,
        html! {
            div.fw-head { h1 { "Log in" } }
            (flash.render())
            form.fw-form.fw-panel method="post" action="/login" {
                input type="hidden" name="_csrf" value=(csrf.0);
                label { "Token" input type="password" name="token" autocomplete="off" required; }
                p.fw-help { "Paste a token made with " code { "forewarn token create --name NAME --role analyst" } "." }
                button.fw-btn.fw-btn-primary type="submit" { "Log in" }
            }
        },
    )
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    token: String,
}

async fn login(State(state): State<AppState>, Form(f): Form<LoginForm>) -> Response {
    match crate::auth::verify(&state, &f.token).await {
        Ok(Some(t)) if t.revoked.is_none() => {
            let mut r = Redirect::to("/").into_response();
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{TOKEN_COOKIE}={}; Path=/; SameSite=Strict; HttpOnly",
                f.token.trim()
            )) {
                r.headers_mut().append(header::SET_COOKIE, v);
            }
            r
        }
        Ok(_) => after(
            "/login",
            Err(ApiError::unauthorized("unknown or revoked token")),
        )
        .into_response(),
        Err(e) => PageError(e).into_response(),
    }
}

async fn logout() -> Response {
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("fw_token=; Path=/; SameSite=Strict; HttpOnly; Max-Age=0"),
    );
    r
}

async fn api_docs(Extension(csrf): Extension<CsrfToken>) -> Html<String> {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="csrf-token" content=(csrf.0);
                title { "API · forewarn" }
                link rel="stylesheet" href="/assets/vendor/swagger-ui-dist/swagger-ui.css";
                link rel="stylesheet" href="/assets/app.css";
                script defer src="/assets/vendor/swagger-ui-dist/swagger-ui-bundle.js" {}
                script defer src="/assets/api-docs.js" {}
            }
            body {
                header.fw-nav {
                    a.fw-brand href="/" { "forewarn" }
                    ul.fw-nav-links { li { a href="/" { "Back to the app" } } li { a href="/api/v1/openapi.json" { "openapi.json" } } }
                }
                main.fw-main.fw-wide { div #swagger-ui data-src="/api/v1/openapi.json" {} }
            }
        }
    };
    Html(page.into_string())
}

/// "Kabul, Kabul, AF" from parts, skipping the missing.
pub fn place_text(parts: [Option<&str>; 3]) -> String {
    let v: Vec<&str> = parts.into_iter().flatten().collect();
    if v.is_empty() {
        "–".into()
    } else {
        v.join(", ")
    }
}

/// A number or a dash.
pub fn num(v: Option<u64>) -> String {
    v.map_or_else(|| "–".into(), |n| n.to_string())
}

/// The status badge.
pub fn status_badge(status: &str) -> Markup {
    html! { span class={ "fw-badge fw-badge-" (status) } { (status) } }
}
