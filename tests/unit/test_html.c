/*
 * test_html.c: mod_pserv/html.c writes what libxslt's own writer writes
 * for our stylesheets' output (xsltSaveResultTo, method html, UTF-8, no
 * indentation: libxml2's htmlDocContentDumpFormatOutput after it adds the
 * encoding meta), byte for byte, for documents that exercise each of its
 * rules: empty elements,
 * boolean and URI attributes, quotes, raw text, control characters,
 * comments, the encoding meta in head, text written without escaping.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "apr_general.h"
#include "apr_buckets.h"
#include "apr_strings.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

void pserv_html_init(apr_pool_t *pconf);
apr_status_t pserv_html_write(xmlDocPtr doc, apr_pool_t *p,
                              apr_bucket_brigade *bb);

static apr_pool_t *pool;
static xsltStylesheetPtr style;     /* layout.xsl's xsl:output, alone */

static const char style_text[] =
    "<xsl:stylesheet version='1.0'"
    " xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
    "<xsl:output method='html' encoding='UTF-8' indent='no'"
    " doctype-system='about:legacy-compat'/></xsl:stylesheet>";

/* libxslt's text for doc. */
static char *reference(xmlDocPtr doc)
{
    xmlOutputBufferPtr out = xmlAllocOutputBuffer(NULL);
    char *s;

    ck_assert_int_ge(xsltSaveResultTo(out, doc, style), 0);
    xmlOutputBufferFlush(out);
    s = apr_pstrmemdup(pool, (const char *)xmlOutputBufferGetContent(out),
                       xmlOutputBufferGetSize(out));
    xmlOutputBufferClose(out);
    return s;
}

/* Ours. */
static char *ours(xmlDocPtr doc)
{
    apr_bucket_alloc_t *ba = apr_bucket_alloc_create(pool);
    apr_bucket_brigade *bb = apr_brigade_create(pool, ba);
    char *s = NULL;
    apr_size_t len = 0;

    ck_assert_int_eq(pserv_html_write(doc, pool, bb), APR_SUCCESS);
    ck_assert_int_eq(apr_brigade_pflatten(bb, &s, &len, pool), APR_SUCCESS);
    return apr_pstrndup(pool, s, len);
}

/* doc from XML text, with an HTML 5 doctype as libxslt makes it. */
static xmlDocPtr doc_of(const char *xml, int doctype)
{
    /* CDATA read as text: what a transform makes of script content */
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), NULL, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA);

    ck_assert_ptr_nonnull(doc);
    if (doctype)
        xmlCreateIntSubset(doc, (const xmlChar *)"html", NULL, NULL);
    return doc;
}

static void same(const char *xml, int doctype)
{
    xmlDocPtr doc = doc_of(xml, doctype);
    char *want, *got;

    /* ours first: libxslt's writer may add the encoding meta to the tree */
    got = ours(doc);
    want = reference(doc);
    ck_assert_str_eq(got, want);
    xmlFreeDoc(doc);
}

START_TEST(page_shell)
{
    same("<html lang=\"id\"><head><title>Login \xe2\x80\x94 P-Serv</title>"
         "<link rel=\"stylesheet\" href=\"/static/pserv.css\"/>"
         "<script src=\"/static/pserv.js\" defer=\"defer\"></script>"
         "<style>a > b { color: red }</style></head>"
         "<body class=\"page-login\"><main id=\"main\"><h1>Login</h1>"
         "<br/><img src=\"/static/logo.svg\" alt=\"\"/><hr/>"
         "<div></div><span></span><p></p><td></td><li></li><option></option>"
         "<section></section><source src=\"a b.mp4\"/><wbr/><template></template>"
         "<custom-el x=\"1\"></custom-el><textarea></textarea><iframe></iframe>"
         "</main></body></html>", 1);
}
END_TEST

START_TEST(attributes)
{
    same("<form action=\"/requests?status=&amp;q=a b\" method=\"get\">"
         "<input type=\"checkbox\" name=\"x\" checked=\"checked\" disabled=\"\"/>"
         "<input readonly=\"readonly\" value=\"say &quot;hi&quot;\"/>"
         "<input value=\"it's &quot;both&quot;\"/>"
         "<input value=\"it's\" placeholder=\"&lt;b&gt; &amp; c\"/>"
         "<select multiple=\"multiple\"><option value=\"a\" selected=\"selected\">A</option></select>"
         "<a href=\"/x?y=\xc3\xa9&amp;z=&quot;1&quot;#frag\" name=\"top mark\">t</a>"
         "<span name=\"not uri\" hidden=\"hidden\" data-x=\"  lead\">s</span>"
         "<a href=\"  /spaces/before\">b</a>"
         "</form>", 0);
}
END_TEST

START_TEST(text)
{
    same("<div><p>a &lt; b &amp;&amp; c &gt; d \xc3\xa9 \xe2\x80\x94 tab\there</p>"
         "<script><![CDATA[if (a < b && c > d) { x(\"</p>\"); }]]></script>"
         "<!-- a comment --><pre>\n  kept\n</pre>"
         "<textarea>x &amp; y</textarea></div>", 0);
}
END_TEST

START_TEST(control_characters)
{
    xmlDocPtr doc = doc_of("<p title=\"x\">y</p>", 0);
    xmlNodePtr p = xmlDocGetRootElement(doc);
    char *want, *got;

    /* Not parseable as XML: put into the tree the way a transform can. */
    xmlSetProp(p, (const xmlChar *)"title",
               (const xmlChar *)"Staf\x01Gudang\x1f\r\n\tx");
    xmlNodeSetContent(p, (const xmlChar *)"a\x02" "b\rc");
    got = ours(doc);
    want = reference(doc);
    ck_assert_str_eq(got, want);
    ck_assert_ptr_null(strchr(got, '\x01'));
    xmlFreeDoc(doc);
}
END_TEST

START_TEST(no_escaping)
{
    xmlDocPtr doc = doc_of("<p>x</p>", 0);
    xmlNodePtr p = xmlDocGetRootElement(doc);
    xmlNodePtr t = xmlNewText((const xmlChar *)"<b>raw</b> & ");
    char *want, *got;

    t->name = xmlStringTextNoenc;   /* xsl:text disable-output-escaping */
    xmlAddChild(p, t);
    got = ours(doc);
    want = reference(doc);
    ck_assert_str_eq(got, want);
    ck_assert_ptr_nonnull(strstr(got, "<b>raw</b> & "));
    xmlFreeDoc(doc);
}
END_TEST

START_TEST(encoding_meta_once)
{
    same("<html><head><meta http-equiv=\"Content-Type\" "
         "content=\"text/html; charset=UTF-8\"/><title>t</title></head>"
         "<body/></html>", 1);
}
END_TEST

static Suite *html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("libxml2");

    tcase_add_test(tc, page_shell);
    tcase_add_test(tc, attributes);
    tcase_add_test(tc, text);
    tcase_add_test(tc, control_characters);
    tcase_add_test(tc, no_escaping);
    tcase_add_test(tc, encoding_meta_once);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    apr_initialize();
    apr_pool_create(&pool, NULL);
    xmlInitParser();
    pserv_html_init(pool);
    {
        xmlDocPtr sd = xmlReadMemory(style_text, (int)strlen(style_text),
                                     NULL, NULL, 0);
        style = xsltParseStylesheetDoc(sd);
        if (!style)
            return EXIT_FAILURE;
    }
    sr = srunner_create(html_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    xsltFreeStylesheet(style);
    apr_pool_destroy(pool);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
