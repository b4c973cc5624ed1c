//! Behaviour of the embedded store: identity, duplicates, search, filters, transactions.

use forewarn_model::{Document, DocumentId, DocumentMeta, MediaType, Tlp};
use forewarn_store::{
    DocumentFilter, Page, PutOptions, PutOutcome, SearchQuery, SqliteStore, Store, StoreError,
};
use jiff::civil::date;

const OPTS: PutOptions = PutOptions {
    near_duplicate_max_distance: 3,
};

fn doc(name: &str, text: &str, published: Option<&str>, publisher: &str, simhash: u64) -> Document {
    Document {
        id: DocumentId::for_text(text),
        meta: DocumentMeta {
            name: name.into(),
            title: text.split('.').next().map(str::to_string),
            publisher: Some(publisher.into()),
            published: published.map(|p| p.parse().unwrap()),
            ..Default::default()
        },
        media_type: MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: text.len() as u64,
        simhash,
        text: text.into(),
    }
}

fn corpus() -> Vec<Document> {
    vec![
        doc(
            "crocus.txt",
            "Gunmen attacked Crocus City Hall near Moscow. The Islamic State Khorasan Province claimed the attack.",
            Some("2024-03-23"),
            "Central Asia Desk",
            0x1111_2222_3333_4444,
        ),
        doc(
            "kerman.txt",
            "Two bombs exploded in Kerman at a memorial for Qasem Soleimani. ISKP claimed the bombings.",
            Some("2024-01-04"),
            "Khyber Monitor",
            0xAAAA_BBBB_CCCC_DDDD,
        ),
        doc(
            "abbey-gate.txt",
            "A suicide bomber struck Abbey Gate at Kabul airport, killing about 170 Afghans and 13 US service members.",
            Some("2021-08-27"),
            "Khyber Monitor",
            0x5555_6666_7777_8888,
        ),
    ]
}

fn filled() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    for d in corpus() {
        assert!(matches!(
            store.put_document(&d, None, OPTS).unwrap(),
            PutOutcome::Inserted { .. }
        ));
    }
    (dir, store)
}

#[test]
fn same_text_under_another_name_is_a_duplicate_not_a_second_document() {
    let (_dir, mut store) = filled();
    let mut again = corpus().remove(0);
    again.meta.name = "crocus-copy.txt".into();
    again.text = format!("  {}\n", again.text.replace(' ', "  "));
    again.id = DocumentId::for_text(&again.text);
    match store.put_document(&again, None, OPTS).unwrap() {
        PutOutcome::Duplicate { existing_name, .. } => assert_eq!(existing_name, "crocus.txt"),
        other => panic!("expected a duplicate, got {other:?}"),
    }
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 3);
    assert_eq!(stats.duplicate_sightings, 1);
}

#[test]
fn near_duplicates_are_linked_by_fingerprint_distance() {
    let (_dir, mut store) = filled();
    // Same article, different boilerplate: fingerprint two bits away from crocus.txt.
    let near = doc(
        "crocus.html",
        "Menu. Gunmen attacked Crocus City Hall near Moscow. The Islamic State Khorasan Province claimed the attack. Subscribe.",
        Some("2024-03-23"),
        "Central Asia Desk",
        0x1111_2222_3333_4444 ^ 0b101,
    );
    // Different article whose fingerprint shares a band but is far away.
    let far = doc(
        "far.txt",
        "Unrelated text about a flood.",
        None,
        "X",
        0x1111_0000_0000_0000,
    );
    match store.put_document(&near, None, OPTS).unwrap() {
        PutOutcome::Inserted {
            near_duplicate_of: Some(n),
        } => {
            assert_eq!(n.name, "crocus.txt");
            assert_eq!(n.distance, 2);
        }
        other => panic!("expected a near-duplicate link, got {other:?}"),
    }
    assert_eq!(
        store.put_document(&far, None, OPTS).unwrap(),
        PutOutcome::Inserted {
            near_duplicate_of: None
        }
    );
    let listed = store
        .list_documents(&DocumentFilter::default(), Page::default())
        .unwrap();
    let crocus = listed
        .items
        .iter()
        .find(|d| d.name == "crocus.txt")
        .unwrap();
    assert_eq!(crocus.near_duplicates, vec![near.id.clone()]);
}

#[test]
fn search_ranks_highlights_and_filters() {
    let (_dir, store) = filled();
    let hits = store
        .search(&SearchQuery::parse("claimed").unwrap(), Page::default())
        .unwrap();
    assert_eq!(hits.total, 2);
    for h in &hits.items {
        let marked = h.snippet.marked("[", "]");
        assert!(marked.contains("[claimed]"), "snippet {marked:?}");
    }
    let q = SearchQuery::parse("claimed publisher:khyber").unwrap();
    let hits = store.search(&q, Page::default()).unwrap();
    assert_eq!(
        hits.items
            .iter()
            .map(|h| h.document.name.as_str())
            .collect::<Vec<_>>(),
        ["kerman.txt"]
    );

    let q = SearchQuery::parse("\"suicide bomber\" after:2021-08 before:2021-08-31").unwrap();
    assert_eq!(store.search(&q, Page::default()).unwrap().total, 1);
    let q = SearchQuery::parse("\"bomber suicide\"").unwrap();
    assert_eq!(store.search(&q, Page::default()).unwrap().total, 0);
    let q = SearchQuery::parse("(moscow OR kerman) -soleimani").unwrap();
    let names: Vec<_> = store
        .search(&q, Page::default())
        .unwrap()
        .items
        .into_iter()
        .map(|h| h.document.name)
        .collect();
    assert_eq!(names, ["crocus.txt"]);
    let q = SearchQuery::parse("title:kerm*").unwrap();
    assert_eq!(store.search(&q, Page::default()).unwrap().total, 1);
    let q = SearchQuery::parse("title:claimed").unwrap();
    assert_eq!(store.search(&q, Page::default()).unwrap().total, 0);
}

#[test]
fn search_input_cannot_inject_fts_syntax() {
    let (_dir, store) = filled();
    for q in [
        "NEAR(a b)",
        "claimed*)",
        "a:b:c",
        "\"\"\"",
        "^claimed",
        "text:(",
        "*",
    ] {
        match SearchQuery::parse(q) {
            Ok(parsed) => {
                store
                    .search(&parsed, Page::default())
                    .unwrap_or_else(|e| panic!("{q:?}: {e}"));
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn listing_filters_and_pages() {
    let (_dir, store) = filled();
    let all = store
        .list_documents(&DocumentFilter::default(), Page::default())
        .unwrap();
    assert_eq!(
        all.items
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["crocus.txt", "kerman.txt", "abbey-gate.txt"]
    );
    let f = DocumentFilter {
        published_from: Some(date(2024, 1, 1)),
        ..Default::default()
    };
    assert_eq!(store.list_documents(&f, Page::default()).unwrap().total, 2);
    let page = store
        .list_documents(
            &DocumentFilter::default(),
            Page {
                offset: 1,
                limit: 1,
            },
        )
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].name, "kerman.txt");
    let f = DocumentFilter {
        tlp: Some(Tlp::Red),
        ..Default::default()
    };
    assert_eq!(store.list_documents(&f, Page::default()).unwrap().total, 0);
}

#[test]
fn documents_are_found_by_id_prefix() {
    let (_dir, store) = filled();
    let d = &corpus()[1];
    let got = store.document(&d.id.as_str()[..8]).unwrap().unwrap();
    assert_eq!(&got, d);
    assert!(store.document("zzzzzzzz").unwrap().is_none());
    assert!(store.document("ab").unwrap().is_none());
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let (dir, mut store) = filled();
    // Make the last statement of the transaction (the near-duplicate link) fail.
    let conn = rusqlite::Connection::open(dir.path().join(forewarn_store::DATABASE_FILE)).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER fail_links BEFORE INSERT ON near_duplicates BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    )
    .unwrap();
    drop(conn);
    let near = doc(
        "crocus-mirror.html",
        "Gunmen attacked Crocus City Hall near Moscow. Zebrafinch. The Islamic State Khorasan Province claimed the attack.",
        None,
        "Mirror",
        0x1111_2222_3333_4444 ^ 1,
    );
    let err = store.put_document(&near, None, OPTS).unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert_eq!(store.stats().unwrap().documents, 3);
    assert!(store.document(near.id.as_str()).unwrap().is_none());
    let hits = store
        .search(&SearchQuery::parse("zebrafinch").unwrap(), Page::default())
        .unwrap();
    assert_eq!(
        hits.total, 0,
        "the search index must not keep a rolled-back document"
    );
    assert!(store.check_integrity().unwrap().is_empty());
    drop(store);
    let store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(store.stats().unwrap().documents, 3);
}

#[test]
fn a_database_from_a_newer_forewarn_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(forewarn_store::DATABASE_FILE)).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations VALUES (999, 'future', 'x')",
        [],
    )
    .unwrap();
    drop(conn);
    let err = SqliteStore::open(dir.path()).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 999, .. }),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(forewarn_store::DATABASE_FILE),
        b"this is not sqlite at all, just text",
    )
    .unwrap();
    let err = SqliteStore::open(dir.path()).unwrap_err().to_string();
    assert!(err.contains("forewarn.db"), "{err}");
}

#[test]
fn findings_are_stored_with_their_document_and_replaced_as_a_whole() {
    use forewarn_model::{
        Actor, ActorFinding, ActorId, ActorKind, Casualties, Event, EventId, EventKind, Producer,
        Provenance, Relation, RelationKind, Report, Span,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let d = corpus().remove(0);
    let prov = Provenance {
        document: d.id.clone(),
        span: Span::new(0, 6),
        producer: Producer::Rule("test.rule".into()),
        confidence: 0.8,
        at: jiff::Timestamp::UNIX_EPOCH,
    };
    let event = Event {
        id: EventId("e1".into()),
        kind: Report {
            value: EventKind::Attack,
            provenance: prov.clone(),
            quote: "Gunmen attacked".into(),
        },
        attack_type: vec![],
        date: vec![Report {
            value: "2024-03-22".parse().unwrap(),
            provenance: prov.clone(),
            quote: "x".into(),
        }],
        location: vec![],
        perpetrators: vec![],
        killed: Casualties::default(),
        injured: Casualties::default(),
        targets: vec![],
        weapons: vec![],
        victims: vec![],
        sources: vec![],
        confidence: 0.7,
    };
    let actor = ActorFinding {
        actor: Actor {
            id: ActorId("iskp".into()),
            name: "Islamic State Khorasan Province".into(),
            kind: ActorKind::Organization,
            category: Some("armed_group".into()),
            country: Some("AF".into()),
            aliases: vec![],
        },
        from_dictionary: true,
        mentions: vec![prov.clone()],
    };
    let relation = Relation {
        subject: ActorId("iskp".into()),
        relation: RelationKind::PartOf,
        object: ActorId("islamic-state".into()),
        from: None,
        until: None,
        sources: vec![prov.clone()],
    };
    let events = [event];
    let actors = [actor];
    let relations = [relation];
    let findings = forewarn_store::Findings {
        extractor: "test 1",
        events: &events,
        actors: &actors,
        relations: &relations,
        facts: &[],
    };
    store.put_document(&d, Some(&findings), OPTS).unwrap();
    let stored = store.events().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].document_name, "crocus.txt");
    assert_eq!(stored[0].item, events[0]);
    assert_eq!(store.actor_findings().unwrap()[0].item, actors[0]);
    assert_eq!(store.relations().unwrap()[0].item, relations[0]);
    let stats = store.stats().unwrap();
    assert_eq!(
        (
            stats.extracted_documents,
            stats.events,
            stats.actors,
            stats.relations
        ),
        (1, 1, 1, 1)
    );

    // Extracting again replaces everything found before in that document.
    let empty = forewarn_store::Findings {
        extractor: "test 2",
        events: &[],
        actors: &actors,
        relations: &[],
        facts: &[],
    };
    store.put_findings(&d.id, &empty).unwrap();
    assert!(store.events().unwrap().is_empty());
    assert!(store.relations().unwrap().is_empty());
    assert_eq!(store.actor_findings().unwrap().len(), 1);
    assert_eq!(store.document_ids().unwrap(), vec![d.id.clone()]);
}

#[test]
fn actors_are_found_by_id_name_or_alias_and_their_findings_read_alone() {
    use forewarn_model::{
        Actor, ActorFinding, ActorId, ActorKind, Alias, Producer, Provenance, Relation,
        RelationKind, Span,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let d = corpus().remove(0);
    let prov = Provenance {
        document: d.id.clone(),
        span: Span::new(0, 6),
        producer: Producer::Rule("test.rule".into()),
        confidence: 0.8,
        at: jiff::Timestamp::UNIX_EPOCH,
    };
    let actor = |id: &str, name: &str, aliases: &[&str]| ActorFinding {
        actor: Actor {
            id: ActorId(id.into()),
            name: name.into(),
            kind: ActorKind::Organization,
            category: None,
            country: None,
            aliases: aliases
                .iter()
                .map(|a| Alias {
                    name: (*a).into(),
                    source: Some(prov.clone()),
                })
                .collect(),
        },
        from_dictionary: false,
        mentions: vec![prov.clone()],
    };
    let actors = [
        actor(
            "iskp",
            "Islamic State Khorasan Province",
            &["ISKP", "État islamique"],
        ),
        actor("is", "Islamic State", &[]),
        actor("ttp", "Tehrik-i-Taliban Pakistan", &["TTP"]),
    ];
    let relations = [Relation {
        subject: ActorId("iskp".into()),
        relation: RelationKind::PartOf,
        object: ActorId("is".into()),
        from: None,
        until: None,
        sources: vec![prov.clone()],
    }];
    let findings = forewarn_store::Findings {
        extractor: "test 1",
        events: &[],
        actors: &actors,
        relations: &relations,
        facts: &[],
    };
    store.put_document(&d, Some(&findings), OPTS).unwrap();

    let id = |s: &str| ActorId(s.into());
    assert_eq!(
        store
            .actor_names_matching("  islamic state KHORASAN province ")
            .unwrap(),
        [(id("iskp"), false)]
    );
    assert_eq!(
        store.actor_names_matching("iskp").unwrap(),
        [(id("iskp"), false)]
    );
    // Unicode case folding, and an alias says so.
    assert_eq!(
        store.actor_names_matching("ÉTAT ISLAMIQUE").unwrap(),
        [(id("iskp"), true)]
    );
    assert!(store.actor_names_matching("Boko Haram").unwrap().is_empty());

    let of = store.actor_findings_of(&[id("ttp")]).unwrap();
    assert_eq!(of.len(), 1);
    assert_eq!(of[0].item, actors[2]);
    // A relation is read from either end.
    assert_eq!(store.relations_of(&[id("is")]).unwrap().len(), 1);
    assert_eq!(store.relations_of(&[id("iskp")]).unwrap().len(), 1);
    assert!(store.relations_of(&[id("ttp")]).unwrap().is_empty());
    assert!(store.facts_of(&[id("iskp")]).unwrap().is_empty());

    // Extracting again replaces the names with the findings.
    let fewer = [actors[1].clone()];
    let again = forewarn_store::Findings {
        extractor: "test 2",
        events: &[],
        actors: &fewer,
        relations: &[],
        facts: &[],
    };
    store.put_findings(&d.id, &again).unwrap();
    assert!(store.actor_names_matching("ISKP").unwrap().is_empty());
    assert_eq!(
        store.actor_names_matching("islamic state").unwrap(),
        [(id("is"), false)]
    );
}

#[test]
fn red_documents_are_named_from_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let mut docs = corpus();
    docs[0].meta.tlp = Some(forewarn_model::Tlp::Red);
    docs[1].meta.tlp = Some(forewarn_model::Tlp::Amber);
    for d in &docs {
        store.put_document(d, None, OPTS).unwrap();
    }
    let ids: Vec<_> = docs.iter().map(|d| d.id.clone()).collect();
    let red = store.red_documents(&ids).unwrap();
    assert_eq!(red, vec![(docs[0].id.clone(), docs[0].meta.name.clone())]);
    assert!(store.red_documents(&ids[1..]).unwrap().is_empty());
    assert!(store.red_documents(&[]).unwrap().is_empty());
}

#[test]
fn a_broad_search_counts_every_match_and_ranks_the_newest_on_its_first_pages() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let apart = PutOptions {
        near_duplicate_max_distance: 0,
    };
    // 2,100 reports name Herat; the 100 stored first say it three times, so they would
    // rank highest over the whole archive, and the newest 2,000 say it once.
    let n = 2_100;
    for i in 0..n {
        let text = if i < 100 {
            format!("Report {i}. Herat, Herat and again Herat saw a checkpoint attack.")
        } else {
            format!("Report {i}. A checkpoint attack near Herat was reported by officials.")
        };
        let d = doc(
            &format!("r{i:04}.txt"),
            &text,
            None,
            "Desk",
            (i as u64) << 20,
        );
        store.put_document(&d, None, apart).unwrap();
    }
    let query = SearchQuery::parse("herat").unwrap();
    let first = store
        .search(
            &query,
            Page {
                offset: 0,
                limit: 20,
            },
        )
        .unwrap();
    assert_eq!(first.total, n as u64, "the total counts every match");
    assert_eq!(first.items.len(), 20);
    for h in &first.items {
        let i: usize = h.document.name[1..5].parse().unwrap();
        assert!(
            i >= 100,
            "first pages rank the newest 2,000: {}",
            h.document.name
        );
    }
    assert!(
        first.items.windows(2).all(|w| w[0].score >= w[1].score),
        "by relevance"
    );
    // A page past the window ranks every match, the older ones included.
    let deep = store
        .search(
            &query,
            Page {
                offset: 0,
                limit: 2_050,
            },
        )
        .unwrap();
    assert_eq!(deep.items.len(), 2_050);
    let top: usize = deep.items[0].document.name[1..5].parse().unwrap();
    assert!(
        top < 100,
        "over the whole archive the thrice-named rank first"
    );
}
