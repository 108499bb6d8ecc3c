//! The coach, case by case: every finding code and move, negation, quoting,
//! spans, rewrites, temperature levels, quoted replies and signatures, odd
//! input, the macros report, and the labelled corpus against its targets.

mod common;

use common::corpus;
use proptest::prelude::*;
use turnaround::core::coach::{self, macros_report, review, temperature, Code, Move, Review, ReviewContext};
use turnaround::core::playbook::Channel;
use turnaround::core::session::Temperature;

const BLAME: Code = Code::Blame;
const DISMISSIVE: Code = Code::Dismissive;
const BUT_APOLOGY: Code = Code::ButApology;
const NON_APOLOGY: Code = Code::NonApology;
const POLICY_WALL: Code = Code::PolicyWall;
const NO_OWNERSHIP: Code = Code::NoOwnership;
const VAGUE_PROMISE: Code = Code::VaguePromise;
const INTERRUPTING: Code = Code::Interrupting;
const MISSING_THANKS: Code = Code::MissingThanks;
const MISSING_APOLOGY: Code = Code::MissingApology;
const MISSING_TIME: Code = Code::MissingTime;

const THANKS: Move = Move::Thanks;
const APOLOGY: Move = Move::Apology;
const FORGIVENESS_ASK: Move = Move::ForgivenessAsk;
const EMPATHY: Move = Move::Empathy;
const PARAPHRASE: Move = Move::Paraphrase;
const ASK_DETAILS: Move = Move::AskDetails;
const ASK_EXPECTATIONS: Move = Move::AskExpectations;
const COMMIT_WITH_TIME: Move = Move::CommitWithTime;
const FOLLOW_UP_OFFER: Move = Move::FollowUpOffer;
const OWNERSHIP: Move = Move::Ownership;
const EXPLAIN_FACTS: Move = Move::ExplainFacts;

const FURIOUS_CUSTOMER: &str = "THIS IS THE THIRD TIME!!! cancel my account";
const CALM_CUSTOMER: &str = "Hi, could you tell me when the new app version comes out? Thanks!";

fn chat(customer: &str) -> ReviewContext {
    ReviewContext { channel: Channel::Chat, customer_message: Some(customer.to_string()) }
}

fn sorted<T: Ord + Copy>(v: &[T]) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

#[track_caller]
fn assert_codes(draft: &str, ctx: &ReviewContext, want: &[Code]) {
    let r = review(draft, ctx);
    assert_eq!(r.codes(), sorted(want), "draft: {draft:?}\nfindings: {:#?}", r.findings);
}

#[track_caller]
fn assert_moves(draft: &str, want: &[Move]) {
    let r = review(draft, &ReviewContext::default());
    assert_eq!(r.move_kinds(), sorted(want), "draft: {draft:?}\nmoves: {:#?}", r.moves);
}

#[track_caller]
fn finding(r: &Review, code: Code) -> &coach::Finding {
    r.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code:?} in {:#?}", r.findings))
}

/// `name: "draft" => [codes],` — the draft, with no customer message, has exactly these codes.
macro_rules! coach_cases {
    ($($name:ident: $draft:expr => [$($code:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_codes($draft, &ReviewContext::default(), &[$($code),*]);
            }
        )*
    };
}

/// `name: "customer" / "draft" => [codes],` — a chat reply to that customer.
macro_rules! live_cases {
    ($($name:ident: $customer:expr, $draft:expr => [$($code:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_codes($draft, &chat($customer), &[$($code),*]);
            }
        )*
    };
}

/// `name: "draft" => [moves],` — the draft shows exactly these good moves.
macro_rules! move_cases {
    ($($name:ident: $draft:expr => [$($mv:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_moves($draft, &[$($mv),*]);
            }
        )*
    };
}

/// `name: "draft", CODE => "phrase",` — the finding's span is exactly that phrase.
macro_rules! span_cases {
    ($($name:ident: $draft:expr, $code:expr => $phrase:expr),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let draft = $draft;
                let r = review(draft, &ReviewContext::default());
                assert_eq!(finding(&r, $code).span.text(draft), $phrase);
            }
        )*
    };
}

/// `name: "message" => Level,` — the customer's message reads at that level.
macro_rules! temperature_cases {
    ($($name:ident: $message:expr => $level:expr),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let r = temperature($message);
                assert_eq!(r.level, $level, "message: {:?}\nreading: {r:#?}", $message);
            }
        )*
    };
}

coach_cases! {
    // blame: the customer, another team; negated and owned it is not blame
    blame_should_have:            "You should have read the setup guide first." => [BLAME],
    blame_as_i_already_said:      "As I already explained, the code only works on full-price items." => [BLAME, MISSING_THANKS, MISSING_APOLOGY],
    blame_another_team:           "That's the courier's fault, not ours." => [BLAME],
    blame_warehouse_messed_up:    "The warehouse messed up your order again." => [BLAME],
    blame_negated_not_blaming:    "I'm not blaming you at all." => [],
    blame_negated_not_your_fault: "This is not your fault." => [],
    blame_negated_no_one:         "No one is blaming you for the double booking." => [],
    blame_owned_team_mistake:     "Our warehouse made a mistake with your order, and that's on us." => [MISSING_THANKS, MISSING_APOLOGY],
    blame_informational_should:   "You should have received a confirmation email." => [],
    // dismissive
    dismissive_calm_down:         "Please calm down so I can help you." => [DISMISSIVE],
    dismissive_relax:             "Relax, it's only a small delay." => [DISMISSIVE],
    dismissive_overreacting:      "You're overreacting a little." => [DISMISSIVE],
    dismissive_negated:           "I'm not going to tell you to calm down." => [],
    dismissive_not_overreacting:  "You're not overreacting at all." => [],
    dismissive_it_happens_when:   "It happens when the browser cache is full." => [],
    // but_apology: same sentence only, good news is not a "but"
    but_apology_flagged:          "Sorry, but that's policy." => [BUT_APOLOGY, POLICY_WALL],
    but_apology_however:          "We apologise; however, the item was final sale." => [BUT_APOLOGY, POLICY_WALL],
    // the guide: a contrast opening the next sentence takes the apology back too
    // The excuse also puts the delay on the courier (the guide's "pushing the fault to a partner").
    but_in_next_sentence:         "I'm sorry for the delay. But the courier is busy." => [BUT_APOLOGY, BLAME],
    but_good_news:                "I'm sorry, but good news: it's already on its way." => [],
    but_social_sorry:             "Sorry to bother you, but could you confirm your postcode?" => [],
    but_without_apology:          "Thanks for waiting, but I have an update." => [],
    // non_apology
    non_apology_feel:             "I'm sorry you feel that way." => [NON_APOLOGY],
    non_apology_if:               "Sorry if this caused any confusion." => [NON_APOLOGY],
    non_apology_any_inconvenience: "We apologise for any inconvenience this may have caused." => [NON_APOLOGY],
    non_apology_mistakes_were_made: "Mistakes were made." => [NON_APOLOGY],
    real_apology_for_the_event:   "I'm sorry you were charged twice." => [],
    // policy_wall: a refusal followed by an offer is not a wall
    policy_wall_nothing:          "There's nothing I can do." => [POLICY_WALL],
    policy_wall_company_policy:   "It's company policy, I'm afraid." => [POLICY_WALL],
    policy_wall_cannot_refund:    "We cannot refund digital purchases." => [POLICY_WALL],
    policy_with_offer:            "Our policy only allows one exchange, so I've set up the exchange for you today." => [],
    refusal_then_offer:           "I can't reverse the fee myself. What I can do is raise it with my manager today." => [],
    // no_ownership
    no_ownership_department:      "That's not my department." => [NO_OWNERSHIP],
    no_ownership_have_to_contact: "You'll have to contact billing." => [NO_OWNERSHIP],
    no_ownership_contact_bank:    "Please contact your bank about that." => [NO_OWNERSHIP],
    no_ownership_contact_us:      "You can contact us any time." => [],
    no_ownership_warm_handover:   "I'm transferring you to Priya in billing now, and I'll stay on the line." => [],
    no_ownership_i_contacted:     "I've contacted the courier for you." => [],
    // vague_promise: no time in the sentence
    vague_look_into_it:           "We'll look into it." => [VAGUE_PROMISE],
    vague_soon:                   "Someone will get back to you soon." => [VAGUE_PROMISE],
    vague_asap:                   "Your refund will be processed as soon as possible." => [VAGUE_PROMISE],
    vague_hedged_with_time:       "Hopefully the courier will deliver it this week." => [VAGUE_PROMISE],
    promise_with_time:            "I'll get back to you by 3pm today." => [],
    promise_within_the_hour:      "I'll look into it now and reply within the hour." => [],
    // missing steps: only for a complaint, only past a short sentence
    missing_thanks_and_apology:   "I've checked your account and the duplicate charge has now been reversed." => [MISSING_THANKS, MISSING_APOLOGY],
    missing_thanks_only:          "I'm sorry the parcel arrived damaged. A new one ships on Friday." => [MISSING_THANKS],
    missing_apology_only:         "Thank you for your patience while we sorted out the login error." => [MISSING_APOLOGY],
    missing_time_promise:         "Thanks for telling us, and sorry for the outage. We'll credit your account for the lost day." => [MISSING_TIME],
    short_draft_no_notes:         "Sorry, fixed now." => [],
    no_complaint_no_notes:        "Your order number is 48213 and it is ready for collection at the front desk." => [],
    complete_reply_is_clean:      "Thank you for flagging this, and I'm sorry you were charged twice. I've refunded it and you'll see it by Friday." => [],
    // quoting: the customer's words quoted in the draft are not the agent's
    quoted_calm_down:             "You wrote that our agent told you to \u{201c}calm down\u{201d}. I apologise." => [],
    quoted_straight_quotes:       "The last agent said \"that's our policy\", and that was wrong." => [],
    quoted_reply_lines:           "Thanks for the photos!\n\n> You should have checked it. Calm down." => [],
    quoted_reply_block:           "I'm sorry you feel that way.\n\nOn Tue, 4 Mar 2025, Raj wrote:\n> you always blame the courier!" => [NON_APOLOGY],
    signature_thanks_not_a_move:  "Hi Amir,\n\nYour order was delayed by a stock shortage and will ship on Monday.\n\nThanks,\nJess" => [MISSING_THANKS, MISSING_APOLOGY],
}

// The kinds of misses issue 13 lists, one case each (our own wordings).
coach_cases! {
    miss_reported_speech_is_not_own:  "You mentioned the last agent told you to calm down." => [],
    miss_reported_then_own_apology:   "You wrote that nobody called you back, and I'm sorry." => [],
    miss_as_you_said_is_own:          "As you said, you should have been told sooner." => [],
    miss_contrast_opens_next_sentence: "I apologise for the wait. That said, the rules are clear." => [BUT_APOLOGY, POLICY_WALL],
    miss_unfortunately_after_sorry:   "Sorry about the mix-up. Unfortunately we're short-staffed this week." => [BUT_APOLOGY],
    miss_apology_then_action_is_fine: "Sorry about that. I've refunded it and you'll see it by Friday." => [],
    miss_the_system_is_a_wall:        "The system won't let me reopen it, so there's nothing more I can do." => [POLICY_WALL, MISSING_THANKS, MISSING_APOLOGY],
    miss_the_contract_is_a_wall:      "Rules are rules, we can't make exceptions for anyone." => [POLICY_WALL],
    miss_casual_hand_off:             "Best bet is to give the sales folks a ring about that." => [NO_OWNERSHIP],
    miss_passive_vague_promise:       "It'll be looked at in due course." => [VAGUE_PROMISE],
    miss_narrative_blame:             "The address on the order is the one you typed in, so it went where you asked." => [BLAME, MISSING_THANKS, MISSING_APOLOGY],
    miss_another_party_at_fault:      "Honestly that's the depot's mess, not ours." => [BLAME],
    miss_minimising_by_comparison:    "Most people wait three weeks for this, so a few days isn't bad." => [DISMISSIVE, MISSING_THANKS, MISSING_APOLOGY],
    call_out_fee_is_not_blame:        "The engineer fixed the boiler, and I'm refunding today's call-out fee." => [MISSING_THANKS, MISSING_APOLOGY],
    a_dated_promise_is_not_vague:     "We'll refund it by Friday." => [],
    i_contacted_the_courier_is_owned: "I've contacted the courier for you and they'll redeliver tomorrow before noon." => [],
}

live_cases! {
    interrupting_jumps_to_solution: FURIOUS_CUSTOMER, "Go to Settings and tap Close account." => [INTERRUPTING],
    interrupting_solution_question: FURIOUS_CUSTOMER, "Have you tried restarting the router?" => [INTERRUPTING],
    interrupting_not_after_thanks:  FURIOUS_CUSTOMER, "Thanks for telling me, and I'm sorry. I've closed it now." => [],
    interrupting_not_a_question:    FURIOUS_CUSTOMER, "Could you tell me the email on the account?" => [],
    interrupting_skips_greeting:    FURIOUS_CUSTOMER, "Hi Jordan,\nI'm so sorry about this. It's closed now." => [],
    interrupting_not_calm_customer: CALM_CUSTOMER, "Version 5 is out next week." => [],
}

#[test]
fn interrupting_is_only_for_live_channels() {
    let email = ReviewContext { channel: Channel::Email, customer_message: Some(FURIOUS_CUSTOMER.into()) };
    assert!(!review("Go to Settings and tap Close account.", &email).has(INTERRUPTING));
    let phone = ReviewContext { channel: Channel::Phone, customer_message: Some(FURIOUS_CUSTOMER.into()) };
    assert!(review("Go to Settings and tap Close account.", &phone).has(INTERRUPTING));
}

#[test]
fn interrupting_needs_a_customer_message() {
    assert!(!review("Go to Settings and tap Close account.", &ReviewContext::default()).has(INTERRUPTING));
}

move_cases! {
    move_thanks:            "Thank you for flagging this." => [THANKS],
    move_apology:           "I'm so sorry about the wait." => [APOLOGY],
    move_forgiveness_ask:   "Please forgive us; we'd like the chance to make it right." => [FORGIVENESS_ASK],
    move_empathy:           "I completely understand how frustrating that is." => [EMPATHY],
    move_paraphrase:        "If I understand correctly, the app logs you out." => [PARAPHRASE],
    move_ask_details:       "Could you send me the order number?" => [ASK_DETAILS],
    move_ask_expectations:  "Would you prefer a refund or a replacement?" => [ASK_EXPECTATIONS],
    move_commit_with_time:  "I'll email you the tracking number by 5pm." => [COMMIT_WITH_TIME],
    move_follow_up_offer:   "If it happens again, just reply here." => [FOLLOW_UP_OFFER],
    move_ownership:         "That's our mistake, and I'll personally handle it." => [OWNERSHIP],
    move_explain_facts:     "Our records show the payment failed on the 3rd." => [EXPLAIN_FACTS],
    move_no_thanks_negated: "No thanks are needed." => [],
    move_apology_taken_back: "Sorry, but that's policy." => [],
    move_non_apology_is_none: "I'm sorry you feel that way." => [],
    move_hedge_is_no_commit: "Hopefully it will arrive tomorrow." => [],
}

#[test]
fn every_move_maps_to_its_turnaround_step() {
    let steps: Vec<&str> = Move::ALL.iter().map(|m| m.step()).collect();
    assert_eq!(
        steps,
        ["thank", "acknowledge", "acknowledge", "acknowledge", "acknowledge", "ask", "ask", "commit", "follow-up", "own", "investigate"]
    );
    let r = review("Thank you, and I'm sorry. I'll call you back by noon.", &ReviewContext::default());
    assert!(r.moves.iter().all(|m| m.step == m.mv.step()));
}

span_cases! {
    span_but_apology:    "Sorry, but that's our policy.", BUT_APOLOGY => "Sorry, but",
    span_policy:         "Sorry, but that's our policy.", POLICY_WALL => "that's our policy",
    span_dismissive:     "Oh, please calm down.", DISMISSIVE => "calm down",
    span_non_apology:    "Well, I'm sorry you feel that way.", NON_APOLOGY => "sorry you feel",
    span_vague_focus:    "Your refund will arrive soon.", VAGUE_PROMISE => "soon",
    span_no_ownership:   "That's not my department.", NO_OWNERSHIP => "not my department",
    span_curly_apostrophe: "You should\u{2019}ve read it.", BLAME => "You should\u{2019}ve",
    span_after_unicode:  "\u{1f621}\u{1f621} Café: calm down.", DISMISSIVE => "calm down",
}

#[test]
fn sorry_but_policy_gets_an_apology_and_an_offer_as_its_rewrite() {
    let draft = "Hi Sam, thanks for writing.\nSorry, but that's our policy.";
    let r = review(draft, &ReviewContext::default());
    let f = finding(&r, BUT_APOLOGY);
    let rewrite = f.rewrite.as_deref().unwrap_or_default();
    assert!(rewrite.contains("sorry"), "{rewrite}");
    assert!(!rewrite.to_lowercase().contains(" but "), "{rewrite}");
    assert!(rewrite.contains("what I can do"), "{rewrite}");
    // The rewrite replaces the whole sentence, and the policy finding shares it.
    assert_eq!(f.rewrite_span.map(|s| s.text(draft)), Some("Sorry, but that's our policy."));
    assert_eq!(finding(&r, POLICY_WALL).rewrite, f.rewrite);
    assert!(!f.reason.is_empty() && f.step == "acknowledge");
}

#[test]
fn a_vague_promise_rewrite_asks_for_a_time() {
    let draft = "We'll look into it.";
    let r = review(draft, &ReviewContext::default());
    assert_eq!(finding(&r, VAGUE_PROMISE).rewrite.as_deref(), Some("We'll look into it and update you by {when}."));
}

#[test]
fn a_but_apology_rewrite_splits_the_sentence() {
    let r = review("I'm sorry for the delay, but we are very busy this week.", &ReviewContext::default());
    assert_eq!(finding(&r, BUT_APOLOGY).rewrite.as_deref(), Some("I'm sorry for the delay. We are very busy this week."));
}

#[test]
fn missing_steps_are_insertions_where_they_belong() {
    let draft = "Hi Ana,\nI've checked your account and the duplicate charge has now been reversed.";
    let r = review(draft, &ReviewContext::default());
    for code in [MISSING_THANKS, MISSING_APOLOGY] {
        let f = finding(&r, code);
        assert!(f.span.is_empty() && f.rewrite_span == Some(f.span));
        assert_eq!(&draft[f.span.start..], "I've checked your account and the duplicate charge has now been reversed.");
    }
    let draft = "Thanks for telling us, and sorry for the outage. We'll credit your account for the lost day.";
    let r = review(draft, &ReviewContext::default());
    let f = finding(&r, MISSING_TIME);
    assert_eq!(f.span.text(draft), "We'll credit");
    assert_eq!(f.rewrite.as_deref(), Some("by {when}"));
    let at = f.rewrite_span.map_or(0, |s| s.start);
    assert_eq!(&draft[..at], "Thanks for telling us, and sorry for the outage. We'll credit your account for the lost day");
}

#[test]
fn every_span_is_inside_the_draft_on_character_boundaries() {
    let drafts = [
        "Sorry, but that's our policy. You should have read it. We'll look into it.",
        "\u{1f621} Sorry\u{2014}but calm down! \u{201c}quoted\u{201d} You'll have to contact billing.",
    ];
    for draft in drafts {
        let r = review(draft, &chat(FURIOUS_CUSTOMER));
        let spans = r.findings.iter().flat_map(|f| [Some(f.span), f.rewrite_span]).flatten().chain(r.moves.iter().map(|m| m.span));
        for s in spans {
            assert!(s.start <= s.end && s.end <= draft.len());
            assert!(draft.is_char_boundary(s.start) && draft.is_char_boundary(s.end));
        }
    }
}

#[test]
fn the_review_serialises_with_stable_names() {
    let r = review("Sorry, but that's our policy. Thank you!", &ReviewContext::default());
    let v = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(v["findings"][0]["code"], "but_apology");
    assert_eq!(v["findings"][0]["step"], "acknowledge");
    assert_eq!(v["moves"][0]["move"], "thanks");
    assert!(Code::ALL.iter().all(|c| Code::parse(c.as_str()) == Some(*c)));
    assert!(Move::ALL.iter().all(|m| Move::parse(m.as_str()) == Some(*m)));
}

#[test]
fn the_compiled_in_rules_are_valid() {
    assert_eq!(coach::check_rules(), Ok(()));
}

temperature_cases! {
    third_time_cancel_is_furious:  FURIOUS_CUSTOMER => Temperature::Furious,
    thanks_it_worked_is_calm:      "Thanks, that worked perfectly" => Temperature::Calm,
    polite_question_is_calm:       "Hi, is it possible to pay by bank transfer instead?" => Temperature::Calm,
    disappointed_is_upset:         "Unfortunately the replacement is also faulty. I'm disappointed, to be honest." => Temperature::Upset,
    ridiculous_fix_it_is_angry:    "Your app keeps logging me out every time I open it. Absolutely useless. Fix it." => Temperature::Angry,
    legal_threat_is_furious:       "If I don't get my money back by Friday I'm calling my lawyer and disputing the charge." => Temperature::Furious,
    censored_swearing_counts:      "What the f*** is going on? Charged three times!!" => Temperature::Furious,
    not_happy_is_not_happy:        "I'm not happy with this at all." => Temperature::Upset,
    // leaving for a competitor is a threat: furious on the product's scale (DEFINITIONS.md)
    thanks_for_nothing_is_not_thanks: "Thanks for nothing. I'm switching to a competitor." => Temperature::Furious,
    acronyms_are_not_shouting:     "Hi, can you send the USB cable by UPS? My ID is 4471. Thanks" => Temperature::Calm,
    // the kinds of temperature misses issue 13 lists (our own wordings)
    polite_but_firm_is_upset:      "I'm disappointed that the repair still isn't done, and I'd like a date, please." => Temperature::Upset,
    sarcasm_is_angry:              "Oh wonderful, a third 'final' delivery date. Brilliant work, really." => Temperature::Angry,
    spelled_out_threat_is_furious: "Unless the money is back in my account by Monday, I will take this to the small claims court." => Temperature::Furious,
    lowercase_rage_is_not_calm:    "this is a joke. four weeks and nothing. you people are useless" => Temperature::Angry,
    cold_formal_fury_is_furious:   "Dear Sir, I have now instructed my solicitor and will be reporting this matter to the ombudsman. Yours faithfully, A. Khan" => Temperature::Furious,
    cooled_anger_is_calm:          "I was livid on Friday, but Sam sorted it all this morning, so thank you." => Temperature::Calm,
    // robust to quoting and signatures
    quoted_fury_is_ignored:        "Thanks, that fixed it!\n\nOn Mon, 3 Mar 2025, Support wrote:\n> We're sorry you're FURIOUS!!!\n> This is UNACCEPTABLE." => Temperature::Calm,
    quoted_lines_are_ignored:      "> THIS IS A DISGRACE!!! I WILL SUE!!!\nThanks, all sorted now." => Temperature::Calm,
    // shouting reads furious on the product's scale; the quoted thanks do not cool it
    quoted_calm_reply_does_not_cool: "NO it is NOT fixed!!! Stop closing my ticket.\n\nOn Wed, Support wrote:\n> Thanks so much, glad it's resolved!" => Temperature::Furious,
    signature_is_ignored:          "Could you confirm my appointment?\n\nSent from my iPhone" => Temperature::Calm,
    dash_signature_is_ignored:     "Can I change my delivery day?\n-- \nHEAD OF OPERATIONS, ACME LTD!!!\nURGENT MATTERS ONLY" => Temperature::Calm,
}

/// A sign-off in capitals ("Best regards," and a name and title below it) is
/// not the customer shouting: the message reads exactly as it does without it.
/// (The body alone is a borderline case, a bare request opening with
/// "Please", which the model reads near the calm/upset edge; the README's
/// caveats say so.)
#[test]
fn best_regards_trailer_is_ignored() {
    let body = "Please update my billing email.";
    let signed = format!("{body}\n\nBest regards,\nJOHN SMITH\nCEO, LEGAL DEPARTMENT");
    let (a, b) = (temperature(body), temperature(&signed));
    assert_eq!((a.score, a.level), (b.score, b.level), "signed: {b:#?}\nbody: {a:#?}");
    assert!(matches!(b.level, Temperature::Calm | Temperature::Upset), "{b:#?}");
}

#[test]
fn a_long_polite_message_does_not_read_as_furious() {
    let sentence = "I noticed a small problem with the invoice, which is not urgent, and I would be grateful if you could check the address when you have a moment. ";
    let long = sentence.repeat(20);
    let r = temperature(&long);
    assert!(r.level <= Temperature::Upset, "{r:#?}");
    assert!(r.cues.iter().any(|c| c.kind == "length" && c.weight < 0));
}

#[test]
fn the_reading_explains_itself() {
    let r = temperature(FURIOUS_CUSTOMER);
    let kinds: Vec<&str> = r.cues.iter().map(|c| c.kind).collect();
    for kind in ["capitals", "punctuation", "repetition", "threat"] {
        assert!(kinds.contains(&kind), "{kind} missing in {kinds:?}");
    }
    assert_eq!(i32::from(r.score), r.cues.iter().map(|c| c.weight).sum::<i32>().clamp(0, 100));
}

#[test]
fn the_same_input_always_reads_the_same() {
    let draft = "Sorry, but that's our policy. We'll look into it.";
    assert_eq!(review(draft, &chat(FURIOUS_CUSTOMER)), review(draft, &chat(FURIOUS_CUSTOMER)));
    assert_eq!(temperature(FURIOUS_CUSTOMER), temperature(FURIOUS_CUSTOMER));
}

#[test]
fn odd_input_never_panics() {
    let long_word = "a".repeat(100_000);
    let long_text = "Sorry, but calm down!!! \u{1f621} ".repeat(4_000);
    let many_quotes = "\"".repeat(10_001);
    let inputs: Vec<&str> = vec![
        "",
        " ",
        "\n\n\n",
        "!!!???...",
        "\u{0}\u{1}\u{7f}",
        "\u{feff}Sorry, but",
        "e\u{301}\u{301}\u{301} caf\u{e9} \u{130}STANBUL \u{1e9e}",
        "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{202e}sorry but\u{202c}",
        "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} \u{1f621}\u{1f621}\u{1f621}",
        "don't'n't ''' '' \u{2019}\u{2019}s f*** ** * *",
        "\u{201c}unclosed quote and calm down",
        "On wrote:",
        "--",
        "-- \n",
        "> ",
        "From:\nSent:\nTo:",
        "5pm5pm5pm 24/7 3.5.6 10:30:45",
        &long_word,
        &long_text,
        &many_quotes,
    ];
    for input in inputs {
        let r = review(input, &chat(input));
        for f in &r.findings {
            assert!(f.span.end <= input.len() && input.is_char_boundary(f.span.start) && input.is_char_boundary(f.span.end));
        }
        let t = temperature(input);
        assert!(t.score <= 100);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_text_reviews_without_panicking(chars in prop::collection::vec(
        prop_oneof![
            Just('a'), Just('S'), Just(' '), Just('\n'), Just('\''), Just('\u{2019}'), Just('"'), Just('\u{201c}'), Just('\u{201d}'),
            Just('!'), Just('?'), Just('.'), Just(','), Just('*'), Just('>'), Just('-'), Just('5'), Just('\u{e9}'), Just('\u{1f621}'),
            any::<char>(),
        ],
        0..300,
    ), words in prop::collection::vec(prop::sample::select(vec![
        "sorry", "but", "calm", "down", "not", "your", "fault", "policy", "will", "soon", "thanks", "you", "should", "have",
        "i'm", "we'll", "contact", "billing", "today", "by", "5pm", "never", "CANCEL", "wrote:", "On", "--",
    ]), 0..40)) {
        let mut text: String = chars.into_iter().collect();
        for w in words {
            text.push(' ');
            text.push_str(w);
        }
        let r = review(&text, &chat(&text));
        for f in &r.findings {
            prop_assert!(text.get(f.span.start..f.span.end).is_some());
            if let Some(s) = f.rewrite_span {
                prop_assert!(text.get(s.start..s.end).is_some());
            }
        }
        prop_assert!(temperature(&text).score <= 100);
    }
}

#[test]
fn macros_report_reads_a_json_library() {
    let json = r#"[
        {"name": "Refund refused", "text": "Sorry, but that's our policy."},
        {"title": "Thanks", "text": "Thank you for getting in touch!"},
        "We'll look into it."
    ]"#;
    let out = macros_report(json).unwrap_or_else(|e| e);
    let rows: Vec<&str> = out.lines().collect();
    assert!(rows[0].starts_with("#") && rows[0].contains("name") && rows[0].contains("codes") && rows[0].contains("rewrites"));
    assert!(rows[2].contains("Refund refused") && rows[2].contains("but_apology, policy_wall") && rows[2].trim_end().ends_with('1'));
    assert!(rows[3].contains("Thanks") && rows[3].contains(" - ") && rows[3].trim_end().ends_with('0'));
    assert!(rows[4].contains("#3") && rows[4].contains("vague_promise"));
    assert!(out.contains("3 replies reviewed, 2 with findings, 2 suggested rewrites"));
}

#[test]
fn macros_report_reads_a_csv_library() {
    let csv = "id,title,text\r\n7,Brush-off,\"Please calm down, it's \"\"only\"\" a delay.\"\r\n8,,\"Multi-line\nreply, with commas\"\r\n";
    let out = macros_report(csv).unwrap_or_else(|e| e);
    assert!(out.contains("Brush-off") && out.contains("dismissive"), "{out}");
    assert!(out.contains("#2"), "a row without a title gets its number: {out}");
    assert!(out.contains("2 replies reviewed"), "{out}");
}

#[test]
fn macros_report_errors_say_where() {
    assert_eq!(macros_report("[{\"name\": \"x\"}]"), Err("item 1: no \"text\" field".to_string()));
    assert_eq!(macros_report("[1]"), Err("item 1: expected a string or an object with a \"text\" field".to_string()));
    assert_eq!(macros_report("name,body\nx,y\n"), Err("line 1: the header has no \"text\" column".to_string()));
    assert_eq!(macros_report("text\n\"never closed\n"), Err("line 2: a quoted field is never closed".to_string()));
    assert!(macros_report("[").is_err_and(|e| e.starts_with("invalid JSON")));
    assert!(macros_report("").is_err());
}

// ---------------------------------------------------------------------------
// The labelled training corpus: the floors hold (the bench prints the full
// table, train and held-out side by side; nothing here reads held-out data).
// ---------------------------------------------------------------------------

#[test]
fn the_corpus_is_big_enough_and_covers_every_code_and_move() {
    let drafts = corpus::train_drafts();
    let messages = corpus::train_messages();
    assert!(drafts.len() >= 300 && messages.len() >= 120, "{} drafts, {} messages", drafts.len(), messages.len());
    for c in Code::ALL {
        assert!(drafts.iter().filter(|(d, _)| d.has_code(c)).count() >= 10, "{c:?}");
    }
    for m in Move::ALL {
        assert!(drafts.iter().any(|(d, _)| d.has_move(m)), "{m:?}");
    }
    for level in Temperature::ALL {
        assert!(messages.iter().filter(|m| m.level() == level).count() >= 15, "{level:?}");
    }
}

/// Floors a little under the training numbers (`cargo bench --bench coach`):
/// a change that loses ground on the training corpus shows here. The targets
/// proper are on held-out rounds, and only the bench reports those.
fn recall_floor(c: Code) -> f64 {
    match c {
        BLAME => 0.45,
        DISMISSIVE | POLICY_WALL | NO_OWNERSHIP => 0.6,
        BUT_APOLOGY | NON_APOLOGY => 0.95,
        // Interrupting depends on the customer message's temperature, whose
        // reading moved with the retrained model (0.90 before, 0.81 now).
        INTERRUPTING => 0.80,
        _ => 0.85,
    }
}

/// Training precision floors. Blame's is lower since the t3/t4 round: the
/// narrative and third-party patterns it brought raised cross-validated
/// recall (0.39 to 0.55) at 0.84 precision, where blind writers disagree
/// on hand-offs ("X handles that, not us": blame to some, only a hand-off to others).
fn precision_floor(c: Code) -> f64 {
    match c {
        BLAME => 0.84,
        _ => 0.85,
    }
}

#[test]
fn every_code_meets_its_floor_on_the_training_corpus() {
    let drafts = corpus::train_drafts();
    let mut misses = Vec::new();
    for c in Code::ALL {
        let mut k = corpus::Counts::default();
        for (d, labelled) in &drafts {
            if labelled.contains(&c) {
                k.add(d.has_code(c), review(&d.text, &d.context()).has(c));
            }
        }
        if !(k.precision() >= precision_floor(c) && k.recall() >= recall_floor(c)) {
            misses.push(format!("{}: precision {:.3}, recall {:.3}", c.as_str(), k.precision(), k.recall()));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn the_temperature_ranks_the_training_corpus_like_its_labels() {
    let messages = corpus::train_messages();
    let got: Vec<f64> = messages.iter().map(|m| f64::from(temperature(&m.text).score)).collect();
    let want: Vec<f64> = messages.iter().map(|m| m.score).collect();
    let rho = corpus::spearman(&got, &want);
    assert!(rho >= 0.9, "Spearman {rho:.3}");
    let right = messages.iter().filter(|m| temperature(&m.text).level == m.level()).count();
    let n = messages.len() as f64;
    assert!(right as f64 / n >= 0.75, "level accuracy {right}/{n}");
}
