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
    ck_assert_ptr_null(pserv_status_label("deleted"));
    ck_assert_ptr_null(pserv_status_label(NULL));
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

START_TEST(who_may_act)
{
    pserv_actor maya = { "10020002", "" };
    pserv_actor rina = { "10010002", "ict_verificator" };
    pserv_actor bambang = { "10010001", "ict_manager" };
    pserv_actor admin = { NULL, "admin" };
    pserv_ticket_facts t = { "atasan", "10020002", "10020003", 0 };

    ck_assert_int_eq(pserv_may_act(&maya, &t), PSERV_ACT_OK);
    ck_assert_int_eq(pserv_may_act(&rina, &t), PSERV_ACT_NOT_YOURS);
    ck_assert_int_eq(pserv_may_act(&admin, &t), PSERV_ACT_NOT_YOURS);

    t.status = "verificator";
    ck_assert_int_eq(pserv_may_act(&rina, &t), PSERV_ACT_OK);
    ck_assert_int_eq(pserv_may_act(&maya, &t), PSERV_ACT_NOT_YOURS);
    ck_assert_int_eq(pserv_may_act(&bambang, &t), PSERV_ACT_NOT_YOURS);

    t.status = "manager";
    ck_assert_int_eq(pserv_may_act(&bambang, &t), PSERV_ACT_OK);
    t.actor_decided_before = 1;
    ck_assert_int_eq(pserv_may_act(&bambang, &t), PSERV_ACT_TWICE);
    t.actor_decided_before = 0;

    /* a verificator's own request */
    t.status = "verificator";
    t.requester_nopek = "10010002";
    ck_assert_int_eq(pserv_may_act(&rina, &t), PSERV_ACT_OWN_REQUEST);

    t.status = "completed";
    ck_assert_int_eq(pserv_may_act(&bambang, &t), PSERV_ACT_WRONG_STAGE);
    t.status = "rejected";
    ck_assert_int_eq(pserv_may_act(&maya, &t), PSERV_ACT_WRONG_STAGE);

    /* a Unit request has no requester nopek; the BUH acts */
    {
        pserv_actor siti = { "10050002", "" };
        pserv_ticket_facts u = { "atasan", "10050002", NULL, 0 };
        ck_assert_int_eq(pserv_may_act(&siti, &u), PSERV_ACT_OK);
        ck_assert_int_eq(pserv_may_act(&maya, &u), PSERV_ACT_NOT_YOURS);
    }
}
END_TEST

static Suite *workflow_suite(void)
{
    Suite *s = suite_create("workflow");
    TCase *tc = tcase_create("workflow");

    tcase_add_test(tc, status_texts_are_exact);
    tcase_add_test(tc, kinds_and_roles);
    tcase_add_test(tc, chain_order);
    tcase_add_test(tc, who_may_act);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(workflow_suite)
