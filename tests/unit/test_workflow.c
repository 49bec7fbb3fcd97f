/* Unit tests for the approval chain and the labels the UI must show. */
#include <check.h>
#include <stdlib.h>

#include <apr_general.h>

#include "pserv_core.h"

#include "check_main.h"

START_TEST(status_texts_are_exact)
{
    ck_assert_str_eq(pserv_status_label("atasan"),
                     "Waiting for Approval Atasan Pemohon");
    ck_assert_str_eq(pserv_status_label("verificator"),
                     "Waiting for Approval ICT Verificator");
    ck_assert_str_eq(pserv_status_label("manager"),
                     "Waiting for Approval ICT Manager");
    ck_assert_str_eq(pserv_status_label("executor"), "Waiting for ICT Executor");
    ck_assert_str_eq(pserv_status_label("completed"), "Completed");
    ck_assert_str_eq(pserv_status_label("rejected"), "Rejected");
    ck_assert_str_eq(pserv_status_label("returned"), "Returned for Revision");
    ck_assert_str_eq(pserv_status_label("cancelled"), "Cancelled");
    ck_assert_ptr_null(pserv_status_label("deleted"));
    ck_assert_ptr_null(pserv_status_label(NULL));
}
END_TEST

/* issue 22: the manual's short forms (figures 5.6, 6.6) name a status */
START_TEST(status_by_name)
{
    ck_assert_str_eq(pserv_status_by_name("Waiting for ICT Verificator"),
                     "verificator");
    ck_assert_str_eq(pserv_status_by_name("  waiting for ict manager "),
                     "manager");
    ck_assert_str_eq(pserv_status_by_name("Waiting for Approval ICT Manager"),
                     "manager");
    ck_assert_str_eq(pserv_status_by_name("Waiting for Atasan Pemohon"),
                     "atasan");
    ck_assert_str_eq(pserv_status_by_name("Waiting for ICT Executor"),
                     "executor");
    ck_assert_str_eq(pserv_status_by_name("completed"), "completed");
    ck_assert_ptr_null(pserv_status_by_name("manager"));
    ck_assert_ptr_null(pserv_status_by_name("Waiting for"));
    ck_assert_ptr_null(pserv_status_by_name("Waiting for ICT"));
    ck_assert_ptr_null(pserv_status_by_name("Waiting for Completed"));
    ck_assert_ptr_null(pserv_status_by_name("Waiting for ICT Managers"));
    ck_assert_ptr_null(pserv_status_by_name(""));
    ck_assert_ptr_null(pserv_status_by_name(NULL));
}
END_TEST

START_TEST(kinds_and_roles)
{
    ck_assert_str_eq(pserv_kind_label("UNIT"), "User ID Unit");
    ck_assert_str_eq(pserv_kind_label("HO_ORGANIK"), "HO - Organik/PKWT");
    ck_assert_str_eq(pserv_kind_label("HO_TKJP"), "HO - TKJP");
    ck_assert_ptr_null(pserv_kind_label("HO"));
    ck_assert(pserv_kind_allows("HO_ORGANIK", "ORGANIK"));
    ck_assert(pserv_kind_allows("HO_ORGANIK", "PKWT"));
    ck_assert(!pserv_kind_allows("HO_ORGANIK", "TKJP"));
    ck_assert(pserv_kind_allows("HO_TKJP", "TKJP"));
    ck_assert(!pserv_kind_allows("HO_TKJP", "ORGANIK"));
    ck_assert(!pserv_kind_allows("UNIT", "ORGANIK"));
    ck_assert(pserv_kind_is_ho("HO_TKJP") && !pserv_kind_is_ho("UNIT"));

    ck_assert_str_eq(pserv_role_label("ict_manager"), "ICT Manager");
    ck_assert_ptr_null(pserv_role_label("root"));
    ck_assert(pserv_roles_contain("admin ict_manager", "ict_manager"));
    ck_assert(pserv_roles_contain("ict_manager", "ict_manager"));
    ck_assert(!pserv_roles_contain("ict_manager_x", "ict_manager"));
    ck_assert(!pserv_roles_contain("x_ict_manager", "ict_manager"));
    ck_assert(!pserv_roles_contain("", "admin"));
}
END_TEST

START_TEST(chain_order)
{
    ck_assert_str_eq(pserv_status_next("atasan"), "verificator");
    ck_assert_str_eq(pserv_status_next("verificator"), "manager");
    ck_assert_str_eq(pserv_status_next("manager"), "executor");
    ck_assert_str_eq(pserv_status_next("executor"), "completed");
    ck_assert_ptr_null(pserv_status_next("completed"));
    ck_assert_ptr_null(pserv_status_next("rejected"));
    ck_assert_ptr_null(pserv_status_role("atasan"));
    ck_assert_str_eq(pserv_status_role("manager"), "ict_manager");
    ck_assert_int_eq(pserv_stage_index("atasan"), 0);
    ck_assert_int_eq(pserv_stage_index("completed"), 4);
    ck_assert_int_eq(pserv_stage_index("rejected"), -1);
}
END_TEST

START_TEST(separation_of_duties)
{
    pserv_actor maya = { "10020002", "", "maya.puspitasari@ptpr.example", 7 };
    pserv_actor rina = { "10010002", "ict_verificator",
                         "rina.wulandari@ptpr.example", 3 };
    pserv_actor bambang = { "10010001", "ict_manager",
                            "bambang.sutrisno@ptpr.example", 2 };
    pserv_person bambang_decided = { 2, "10010001",
                                     "bambang.sutrisno@ptpr.example" };
    pserv_ticket_facts t = { "atasan", "10020002", "10020003",
                             "agus.salim@ptpr.example", NULL, 0, NULL };

    ck_assert_int_eq(pserv_barred(&maya, &t), PSERV_ACT_OK);

    t.status = "verificator";
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_OK);

    t.status = "manager";
    ck_assert_int_eq(pserv_barred(&bambang, &t), PSERV_ACT_OK);
    t.deciders = &bambang_decided;
    t.n_deciders = 1;
    ck_assert_int_eq(pserv_barred(&bambang, &t), PSERV_ACT_TWICE);
    t.deciders = NULL;
    t.n_deciders = 0;

    /* a verificator's own request */
    t.status = "verificator";
    t.requester_nopek = "10010002";
    t.requester_email = "rina.wulandari@ptpr.example";
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_OWN_REQUEST);

    t.status = "completed";
    ck_assert_int_eq(pserv_barred(&bambang, &t), PSERV_ACT_WRONG_STAGE);
    t.status = "rejected";
    ck_assert_int_eq(pserv_barred(&maya, &t), PSERV_ACT_WRONG_STAGE);

    /* a Unit request has no requester nopek; the BUH acts */
    {
        pserv_actor siti = { "10050002", "", "siti.rahayu@ptpr.example", 11 };
        pserv_ticket_facts u = { "atasan", "10050002", NULL,
                                 "unit.jkt@unit.example", NULL, 0, NULL };
        ck_assert_int_eq(pserv_barred(&siti, &u), PSERV_ACT_OK);
    }
}
END_TEST

/* One person, several accounts (issue 16, items 2 and 3). */
START_TEST(one_person_many_accounts)
{
    /* rina.wulandari, and the account the Executor's Confirm made for her
     * own request: her nopek and e-mail, no role */
    pserv_actor rina = { "10010002", "ict_verificator",
                         "rina.wulandari@ptpr.example", 3 };
    pserv_actor rina_confirmed = { "10010002", "", "rina.wulandari@ptpr.example",
                                   40 };
    /* hers too: her nopek with a private address; no nopek with her
     * address in other letters */
    pserv_actor rina_nopek = { "10010002", "ict_verificator",
                               "rina@pribadi.example", 41 };
    pserv_actor rina_mail = { NULL, "ict_verificator",
                              "Rina.Wulandari@PTPR.Example", 42 };
    /* somebody else: no nopek, no e-mail */
    pserv_actor other = { "", "ict_verificator ict_manager", "", 43 };
    pserv_person by[2] = { { 40, "10010002", "rina.wulandari@ptpr.example" },
                           { 0, NULL, NULL } };
    /* dedi.kurniawan's request; Rina is his Atasan */
    pserv_ticket_facts t = { "atasan", "10010002", "10010003",
                             "dedi.kurniawan@ptpr.example", NULL, 0, NULL };

    /* either account with her nopek is the Atasan */
    ck_assert_int_eq(pserv_barred(&rina_confirmed, &t), PSERV_ACT_OK);
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_OK);

    /* stage 1 by one account, stage 2 refused for all of hers */
    t.status = "verificator";
    t.deciders = by;
    t.n_deciders = 1;
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_TWICE);
    ck_assert_int_eq(pserv_barred(&rina_nopek, &t), PSERV_ACT_TWICE);
    ck_assert_int_eq(pserv_barred(&rina_mail, &t), PSERV_ACT_TWICE);
    ck_assert_int_eq(pserv_barred(&other, &t), PSERV_ACT_OK);
    /* the reverse: stage 1 by rina.wulandari */
    by[0].account = 3;
    by[0].email = NULL;
    ck_assert_int_eq(pserv_barred(&rina_nopek, &t), PSERV_ACT_TWICE);
    /* a decider known by the e-mail only (an account without a nopek) */
    by[0].nopek = NULL;
    by[0].email = "RINA.wulandari@ptpr.example";
    ck_assert_int_eq(pserv_barred(&rina_mail, &t), PSERV_ACT_TWICE);
    ck_assert_int_eq(pserv_barred(&rina_nopek, &t), PSERV_ACT_OK);
    /* unknown parts match nothing; the same account always does */
    by[0].account = 0;
    by[0].email = "";
    ck_assert_int_eq(pserv_barred(&other, &t), PSERV_ACT_OK);
    by[1].account = 43;
    t.n_deciders = 2;
    ck_assert_int_eq(pserv_barred(&other, &t), PSERV_ACT_TWICE);
    t.deciders = NULL;
    t.n_deciders = 0;

    /* her own HO request, by nopek or by e-mail */
    t.requester_nopek = "10010002";
    t.requester_email = "rina.wulandari@ptpr.example";
    ck_assert_int_eq(pserv_barred(&rina_nopek, &t), PSERV_ACT_OWN_REQUEST);
    ck_assert_int_eq(pserv_barred(&rina_mail, &t), PSERV_ACT_OWN_REQUEST);
    ck_assert_int_eq(pserv_barred(&other, &t), PSERV_ACT_OK);

    /* a User ID Unit request (no nopek) typed with her name and e-mail */
    t.requester_nopek = NULL;
    t.requester_email = "Rina.Wulandari@ptpr.example";
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_OWN_REQUEST);
    ck_assert_int_eq(pserv_barred(&rina_nopek, &t), PSERV_ACT_OK);
    /* ... and the BUH's own address at the Atasan stage */
    {
        pserv_actor siti = { "10050002", "", "siti.rahayu@ptpr.example", 11 };
        pserv_ticket_facts u = { "atasan", "10050002", NULL,
                                 "SITI.RAHAYU@PTPR.example", NULL, 0, NULL };
        ck_assert_int_eq(pserv_barred(&siti, &u), PSERV_ACT_OWN_REQUEST);
        u.requester_email = "siti.rahayu@ptpr.example.id";
        ck_assert_int_eq(pserv_barred(&siti, &u), PSERV_ACT_OK);
    }
}
END_TEST

/* A return for revision (issue 18): who decided a stage in an earlier
 * round may decide that same stage again, never another one; a returned
 * ticket waits for nobody but may be withdrawn. */
START_TEST(rounds_after_a_return)
{
    pserv_actor maya = { "10020002", "", "maya.puspitasari@ptpr.example", 7 };
    pserv_actor rina = { "10010002", "ict_verificator",
                         "rina.wulandari@ptpr.example", 3 };
    pserv_person by[2] = { { 7, "10020002", "maya.puspitasari@ptpr.example" },
                           { 3, "10010002", "rina.wulandari@ptpr.example" } };
    const char *at[2] = { "atasan", "verificator" };
    pserv_ticket_facts t = { "atasan", "10020002", "10020003",
                             "agus.salim@ptpr.example", by, 2, at };

    /* round 2 at the Atasan: Maya decided it in round 1, Rina did not */
    ck_assert_int_eq(pserv_barred(&maya, &t), PSERV_ACT_OK);
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_TWICE);
    /* round 2 at the Verificator: the other way round */
    t.status = "verificator";
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_OK);
    ck_assert_int_eq(pserv_barred(&maya, &t), PSERV_ACT_TWICE);
    /* the stages unknown: every decider counts */
    t.decided_at = NULL;
    ck_assert_int_eq(pserv_barred(&rina, &t), PSERV_ACT_TWICE);
    /* nobody acts on a returned or cancelled ticket */
    t.status = "returned";
    ck_assert_int_eq(pserv_barred(&maya, &t), PSERV_ACT_WRONG_STAGE);
    t.status = "cancelled";
    ck_assert_int_eq(pserv_barred(&maya, &t), PSERV_ACT_WRONG_STAGE);
    ck_assert_int_eq(pserv_stage_index("returned"), -1);
    ck_assert(pserv_status_open("returned") && pserv_status_open("executor")
              && pserv_status_open("atasan"));
    ck_assert(!pserv_status_open("completed") && !pserv_status_open("rejected")
              && !pserv_status_open("cancelled") && !pserv_status_open(NULL));
}
END_TEST

/* Why the Tiket Tertahan page says a ticket is stuck (issue 17): the
 * cause and its arguments (the words, per language, are the module's:
 * actors.c's pserv_stuck_reason, t/admin/lang.t). */
START_TEST(stuck_reasons)
{
    pserv_stuck_cause c;

    ck_assert_int_eq(pserv_stuck_cause_of("atasan", "10050009", 0, 0, NULL, &c),
                     PSERV_STUCK_NO_ACCOUNT);
    ck_assert_str_eq(c.nopek, "10050009");
    ck_assert_str_eq(c.who, "Atasan");
    ck_assert_int_eq(
        pserv_stuck_cause_of("verificator", "10010002", 0, 0, NULL, &c),
        PSERV_STUCK_NO_HOLDER);
    ck_assert_str_eq(c.who, "ICT Verificator");
    ck_assert_int_eq(pserv_stuck_cause_of("verificator", "10010002", 1,
                                          PSERV_ACT_TWICE, "atasan", &c),
                     PSERV_STUCK_TWICE);
    ck_assert_str_eq(c.who, "ICT Verificator");
    ck_assert_str_eq(c.as, "Atasan");
    ck_assert_int_eq(pserv_stuck_cause_of("executor", "10010002", 1,
                                          PSERV_ACT_TWICE, "manager", &c),
                     PSERV_STUCK_TWICE);
    ck_assert_str_eq(c.who, "ICT Executor");
    ck_assert_str_eq(c.as, "ICT Manager");
    ck_assert_int_eq(pserv_stuck_cause_of("executor", "10010002", 1,
                                          PSERV_ACT_TWICE, NULL, &c),
                     PSERV_STUCK_TWICE_OTHER);
    ck_assert_int_eq(pserv_stuck_cause_of("manager", "10010002", 1,
                                          PSERV_ACT_OWN_REQUEST, NULL, &c),
                     PSERV_STUCK_OWN_REQUEST);
    ck_assert_str_eq(c.who, "ICT Manager");
    ck_assert_int_eq(pserv_stuck_cause_of("manager", "1", 2, 0, NULL, &c),
                     PSERV_STUCK_ALL_BARRED);
    ck_assert_int_eq(c.n, 2);
    ck_assert_str_eq(c.who, "ICT Manager");
    ck_assert_int_eq(pserv_stuck_cause_of("completed", "1", 0, 0, NULL, &c),
                     PSERV_STUCK_NONE);
}
END_TEST

START_TEST(same_person)
{
    pserv_person a = { 1, "10010002", "a@x.example" };
    pserv_person b = { 2, "", "" };

    ck_assert_int_eq(pserv_same_person(&a, &a), 1);
    ck_assert_int_eq(pserv_same_person(&a, &b), 0);
    ck_assert_int_eq(pserv_same_person(&a, NULL), 0);
    b.email = "A@X.EXAMPLE";
    ck_assert_int_eq(pserv_same_person(&a, &b), 1);
    b.email = "a@x.example ";
    ck_assert_int_eq(pserv_same_person(&a, &b), 0);
    b.email = "a@x.exampl";
    ck_assert_int_eq(pserv_same_person(&a, &b), 0);
    b.nopek = "10010002";
    ck_assert_int_eq(pserv_same_person(&a, &b), 1);
    /* nothing known on either side: not the same */
    a.account = b.account = 0;
    a.nopek = b.nopek = NULL;
    a.email = b.email = NULL;
    ck_assert_int_eq(pserv_same_person(&a, &b), 0);
}
END_TEST

static Suite *workflow_suite(void)
{
    Suite *s = suite_create("workflow");
    TCase *tc = tcase_create("workflow");

    tcase_add_test(tc, status_texts_are_exact);
    tcase_add_test(tc, status_by_name);
    tcase_add_test(tc, kinds_and_roles);
    tcase_add_test(tc, chain_order);
    tcase_add_test(tc, separation_of_duties);
    tcase_add_test(tc, one_person_many_accounts);
    tcase_add_test(tc, same_person);
    tcase_add_test(tc, stuck_reasons);
    tcase_add_test(tc, rounds_after_a_return);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(workflow_suite)
