# The ticket pages in English (issue 20): an Atasan, an ICT Verificator
# and an ICT Executor who chose English (accounts.lang) find a ticket in
# Request UID Management System, open it and Approve / Return for Revision /
# Reject / Confirm with every question, refusal and notice in English; the
# list's CSV export heads its columns in English; Keputusan Terpilih,
# Delegasi Persetujuan and Alihkan Persetujuan speak English too. The same
# pages for someone who kept Bahasa Indonesia stay as they were.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTML::Entities ();

plan tests => 93, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my @EN = qw(maya.puspitasari rina.wulandari dedi.kurniawan admin);
my $EN_LIST = join ', ', map { lit($_) } @EN;
my %was = map { @$_ } sql("SELECT username, coalesce(lang, '') FROM accounts WHERE username IN ($EN_LIST)");
sub acc_id { sql_value("SELECT id FROM accounts WHERE username = " . lit($_[0])) }
my $MAYA = acc_id('maya.puspitasari');
sub clear_delegations { sql("DELETE FROM delegations WHERE delegator_id = $MAYA") }
clear_delegations();
sql("UPDATE accounts SET lang = 'en' WHERE username IN ($EN_LIST)");
# Tickets this test gave to someone (Alihkan Persetujuan): given back after,
# so that no one else's list shows them as "Dialihkan".
my @ASSIGNED;
END {
    eval {
        clear_delegations();
        sql("DELETE FROM stage_assignments WHERE request_id IN (" . join(',', map { int } @ASSIGNED) . ")")
            if @ASSIGNED;
        for my $u (@EN) {
            sql("UPDATE accounts SET lang = " . ($was{$u} ne '' ? lit($was{$u}) : 'NULL')
                . " WHERE username = " . lit($u));
        }
    } if db_ok();
}

sub text_of { my $t = $_[0]; $t =~ s/<[^>]*>//g; $t = HTML::Entities::decode_entities($t); $t =~ s/\s+/ /g; $t }
sub html_lang { $_[0] =~ m{<html[^>]* lang="([^"]*)"} ? $1 : '' }
my $EN_DATE = qr/\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d WIB/;
my $ID_DATE = qr/\d{1,2} (?:Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d\d\.\d\d WIB/;
# Words of the Indonesian pages that an English page must not show.
my $INDONESIAN = qr/Terapkan Filter|Data Pemohon|Progres Persetujuan|Kembalikan untuk Revisi|Anda yakin|Batal\b|Alasan|wajib diisi|Permohonan telah|Menunggu/;

# ---- the list -------------------------------------------------------------------------
my $t = create_ticket(ho_spec($m));
my ($id, $nomor) = @$t{qw(id nomor)};

as_user('maya.puspitasari');
my $r = GET('/requests');
my $html = $r->content;
is $r->code, 200, 'the Atasan (English) opens Request UID Management System';
is html_lang($html), 'en', '... <html lang="en">';
like $html, qr{<th scope="row" class="cell-nomor">\Q$nomor\E</th>}, '... the new ticket is in the list';
like $html, qr{<th scope="col">Number</th>}, '... columns in English (Number)';
like $html, qr{<th scope="col">Submitted</th>.*<th scope="col">Full Name</th>.*<th scope="col">User ID Type</th>}s,
    '... Submitted, Full Name, User ID Type';
like $html, qr{>Apply Filter</button>}, '... Apply Filter';
like $html, qr{<option value="">All Statuses</option>}, '... All Statuses';
like $html, qr{>Download CSV<}, '... Download CSV';
like $html, qr{<p class="hint" id="flt-status-hint">You can also type a status in the Search box, including the manual's short forms: Waiting for ICT Verificator, Waiting for ICT Manager\.</p>},
    '... the Status filter\'s hint in English (issue 22)';
like text_of($html), qr/Showing \d+ requests on page 1\./, '... Showing N requests on page 1.';
like text_of($html), $EN_DATE, '... dates in English (3 Dec 2026 14:05 WIB)';
unlike text_of($html), $INDONESIAN, '... and no Indonesian';

$r = GET('/requests?status=&q=' . "zzz$m");
like text_of($r->content), qr/No requests match the filter\. Change or reset the filter to see other requests\./,
    'an empty filter: said in English';

# ---- the ticket ------------------------------------------------------------------------
$html = ticket_page($id)->content;
my $text = text_of($html);
is html_lang($html), 'en', 'the ticket: <html lang="en">';
like $html, qr{<title>User ID Request Details — P-Serv</title>}, '... its title';
like $text, qr/Requester Details\s*Number\s*\Q$nomor\E\s*Submitted/, "... Requester Details";
like $text, qr/Approval Progress.*?Atasan Pemohon\s*:\s*Waiting now/, '... Approval Progress, the stage waiting';
like $text, qr/Waiting\s*Stage\s*Atasan Pemohon\s*Since/, '... Waiting, Stage, Since';
like $text, $EN_DATE, '... dates in English';
like $text, qr/Check the request, give a reason, then choose Approve or Reject\./, '... the panel in English';
like $html, qr{data-question="return">Return for Revision</button>}, '... Return for Revision';
like $html, qr{data-q-approve="Are you sure you want to approve this request\?"}, "... the dialog's question";
like $html, qr{data-q-return="Are you sure you want to return this request to the requester for revision\?"},
    '... for a return too';
like $html, qr{data-dialog-yes="">Yes, Proceed with This Request</button>}, "... the dialog's buttons";
like $html, qr{data-missing="A reason is required\."}, '... the missing reason, for JavaScript';
unlike $text, $INDONESIAN, '... and no Indonesian';

# ---- deciding: the refusals, the question, the notice ----------------------------------
$r = decide($id, reason => '  ');
is $r->code, 200, 'no reason: the ticket again';
like text_of($r->content), qr/A reason is required\./, '... saying so in English';
$r = decide($id, reason => "Setuju $m", confirm => undef);
is $r->code, 200, 'without JavaScript: the confirmation page';
like text_of($r->content), qr/Are you sure you want to approve request \Q$nomor\E\?/, '... its question in English';
is req_status($id), 'atasan', '... nothing decided yet';
$r = decide($id, reason => "Setuju $m");
is $r->code, 303, 'Approve: 303';
is location($r), "/requests/$id?done=approve", '... to the ticket';
$text = text_of(GET(location($r))->content);
like $text, qr/The request has been approved and passed on to the next stage\./, '... the notice in English';
like $text, qr/Atasan Pemohon\s*:\s*Done — Maya Puspitasari, $EN_DATE/, '... Approval Progress: done, by whom, when';
like $text, qr/Submitted by Agus Salim \(Requester\)/, "... the Activity Log's words in English too";
$r = decide($id, status => 'atasan', reason => "Lagi $m");
is $r->code, 409, 'deciding on what moved on: 409';
like text_of($r->content), qr/Someone else has already processed this request and it has moved on to another stage\. Nothing was saved\./,
    '... said in English';

as_user('rina.wulandari');
$r = decide($id, decision => 'return', reason => "Perbaiki $m", confirm => undef);
like text_of($r->content), qr/Are you sure you want to return request \Q$nomor\E to the requester for revision\?/,
    'Return for Revision: the question in English';
$r = decide($id, decision => 'return', reason => "Perbaiki $m");
is location($r), "/requests/$id?done=return", 'Return for Revision: to the ticket';
like text_of(GET(location($r))->content), qr/The request has been returned for revision\. The requester has been told by e-mail, with the reason\./,
    '... the notice in English';

# ---- the Executor's Confirm ----------------------------------------------------------------
my $t2 = create_ticket(ho_spec("$m-x"));
my ($id2, $nomor2) = @$t2{qw(id nomor)};
decide_to($_, $id2) for qw(maya.puspitasari rina.wulandari bambang.sutrisno);
as_user('dedi.kurniawan');
$html = ticket_page($id2)->content;
like text_of($html), qr/Create the User ID as requested, fill in the Note, then choose Confirm\./, "the Executor's panel in English";
like $html, qr{<label for="dec-user_id">New User ID</label>}, '... New User ID';
like $html, qr{data-q-confirm="Are you sure you want to create the User ID \{user_id\} for this requester\?"},
    "... the dialog's question";
$r = decide($id2, user_id => 'Bukan Valid!', reason => "Dibuat $m");
like text_of($r->content), qr/The New User ID must be 3 to 32 characters/, 'a malformed User ID: refused in English';
$r = decide($id2, user_id => 'admin', reason => "Dibuat $m");
like text_of($r->content), qr/This User ID is already taken\. Choose another one\./, 'a taken one: refused in English';
$r = decide($id2, user_id => '', reason => "Dibuat $m");
like text_of($r->content), qr/Please enter the New User ID\./, 'none: refused in English';
$r = decide($id2, user_id => '', reason => '');
like text_of($r->content), qr/Please enter a note\./, '... the Note too';
my $uid = "en.$m";
$r = decide($id2, user_id => $uid, reason => "Dibuat $m", confirm => undef);
like text_of($r->content), qr/Are you sure you want to create the User ID \Q$uid\E for request \Q$nomor2\E\?/,
    'Confirm: the question in English';
$r = decide($id2, user_id => $uid, reason => "Dibuat $m");
is location($r), "/requests/$id2?done=completed", 'Confirm: to the ticket';
$text = text_of(GET(location($r))->content);
like $text, qr/The User ID has been created\./, '... the notice in English';
like $text, qr/Password Link.*Resend Password Link/, '... Password Link, in English';

# ---- Indonesian stays as it was ------------------------------------------------------------
as_user('bambang.sutrisno');
$html = GET('/requests?status=')->content;
is html_lang($html), 'id', 'someone who kept Bahasa: <html lang="id">';
like $html, qr{<th scope="col">Nomor</th>}, '... Nomor';
like $html, qr{>Terapkan Filter</button>}, '... Terapkan Filter';
unlike $html, qr/Apply Filter|Download CSV/, '... no English';
$text = text_of(ticket_page($id2)->content);
like $text, qr/Data Pemohon\s*Nomor\s*\Q$nomor2\E\s*Tanggal Pengajuan/, '... the ticket: Data Pemohon';
like $text, qr/ICT Manager\s*:\s*Selesai — Bambang Sutrisno, $ID_DATE/, '... Progres Persetujuan, dates as before';
unlike $text, qr/Requester Details|Approval Progress|$EN_DATE/, '... no English';

# ---- CSV --------------------------------------------------------------------------------------
$r = GET("/requests/export?q=$nomor2");
like $r->content, qr/^\x{ef}\x{bb}\x{bf}"Nomor","Tanggal Pengajuan","Nama Lengkap","Jenis User ID","Divisi\/Cab\/Unit","Platform System","Status"\r?\n/,
    'the CSV in Bahasa: its columns as before';
as_user('rina.wulandari');
$r = GET("/requests/export?q=$nomor2");
like $r->content, qr/^\x{ef}\x{bb}\x{bf}"Number","Submitted","Full Name","User ID Type","Division\/Branch\/Unit","Platform System","Status"\r?\n/,
    'the CSV in English: English columns';
like $r->content, qr/\n"\Q$nomor2\E","$EN_DATE",/, '... English dates';

# ---- Keputusan Terpilih ----------------------------------------------------------------------
my $tb = create_ticket(ho_spec("$m-b"));
decide_to('maya.puspitasari', $tb->{id});
$html = GET('/requests?status=verificator')->content;
like $html, qr{>Approve Selected</button>}, 'bulk decisions: Approve Selected';
like $html, qr{data-q-reject="Are you sure you want to reject the following \{n\} requests\?"}, "... the dialog's question";
like $html, qr{data-yes-approve="Yes, Approve Selected"}, "... its answer, for bulk.js";
$r = POST('/requests/bulk', content => [ csrf => page_csrf(), status => 'verificator',
                                         decision => 'approve', reason => "Massal $m" ]);
is $r->code, 400, 'nothing ticked: 400';
like text_of($r->content), qr/No request is selected\. Tick requests in the list, then choose again\.\s*Back to the List/,
    '... said in English, with the way back';

# ---- Reject --------------------------------------------------------------------------------
my $t3 = create_ticket(ho_spec("$m-r"));
as_user('maya.puspitasari');
$r = decide($t3->{id}, decision => 'reject', reason => "Tolak $m", confirm => undef);
like text_of($r->content), qr/Are you sure you want to reject request \Q$t3->{nomor}\E\?/, 'Reject: the question in English';
$r = decide($t3->{id}, decision => 'reject', reason => "Tolak $m");
like text_of(GET(location($r))->content), qr/The request has been rejected\. The requester has been told by e-mail\./,
    '... the notice in English';

# ---- Delegasi Persetujuan ---------------------------------------------------------------------
my $TODAY = sql_value("SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date");
my $END = sql_value("SELECT (" . lit($TODAY) . "::date + 2)::text");
$html = GET('/delegations')->content;
like $html, qr{<title>Approval Delegation — P-Serv</title>}, 'Delegations: the title in English';
like $html, qr{>New Delegation</h2>}, '... New Delegation';
like $html, qr{>Save Delegation</button>}, '... Save Delegation';
$r = POST('/delegations', content => [ csrf => page_csrf(), to => '', start => '', end => '', reason => '' ]);
is $r->code, 400, 'an empty form: 400';
$text = text_of($r->content);
like $text, qr/The delegation was not saved\. Check the marked fields\./, '... said in English';
like $text, qr/Fill in Delegate to with the name or username/, '... each field too';
like $text, qr/Fill in Start with a valid date/, '... the dates too';
my @good = (csrf => page_csrf(), to => 'siti.rahayu', start => $TODAY, end => $END, reason => "Cuti $m");
$r = POST('/delegations', content => \@good);
is $r->code, 303, 'a delegation to Siti: 303';
$html = GET(location($r))->content;
$text = text_of($html);
like $text, qr/The delegation is saved\./, '... the notice in English';
like $text, qr/\)\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\d/,
    '... its dates in English';
like $html, qr{<span class="badge badge-completed">Active</span>}, '... Active';
$r = POST('/delegations', content => [ @good, csrf => page_csrf() ]);
like text_of($r->content), qr/You already delegated your approvals for .+ to .+ to Siti Rahayu\./,
    'overlapping dates: refused in English';
my $did = sql_value("SELECT id FROM delegations WHERE delegator_id = $MAYA AND ended_at IS NULL");
$r = POST("/delegations/$did/end", content => [ csrf => page_csrf() ]);
like text_of($r->content), qr/Are you sure you want to end this delegation\?/, 'End Delegation: the question in English';
$r = POST("/delegations/$did/end", content => [ csrf => page_csrf(), confirm => 1 ]);
like text_of(GET(location($r))->content), qr/The delegation is ended\./, '... the notice in English';

# ---- Alihkan Persetujuan ---------------------------------------------------------------------
my $t4 = create_ticket(ho_spec("$m-a"));
push @ASSIGNED, $t4->{id};
as_user('admin');
$html = GET("/requests/$t4->{id}/assign")->content;
like $html, qr{<h2>Reassign Approval</h2>}, 'Reassign Approval in English';
like $html, qr{data-q-assign="Are you sure you want to reassign the approval of the Atasan Pemohon stage of ticket \Q$t4->{nomor}\E to \{account\}\?"},
    "... the dialog's question";
$r = POST("/requests/$t4->{id}/assign", content => [ csrf => page_csrf(), status => 'atasan',
                                                    account => 'admin', reason => "Alih $m", confirm => 1 ]);
is $r->code, 409, 'to the Administrator themselves: 409';
like text_of($r->content), qr/An Administrator does not decide tickets/, '... said in English';
$r = POST("/requests/$t4->{id}/assign", content => [ csrf => page_csrf(), status => 'atasan',
                                                    account => 'siti.rahayu', reason => "Alih $m", confirm => 1 ]);
is location($r), "/requests/$t4->{id}?done=assigned", 'reassigned to Siti Rahayu: to the ticket';
$text = text_of(GET(location($r))->content);
like $text, qr/This stage's approval has been reassigned\./, '... the notice in English';
like $text, qr/Siti Rahayu \(reassigned\)/, '... Can act: Siti Rahayu (reassigned)';
like $text, qr/Approval reassigned to Siti Rahayu by Administrator/, "... the Activity Log's line in English";
as_user('bambang.sutrisno');
$text = text_of(ticket_page($t4->{id})->content);
like $text, qr/Persetujuan dialihkan kepada Siti Rahayu oleh Administrator/, '... and in Bahasa as it was written';
like $text, qr/Siti Rahayu \(dialihkan\)/, '... (dialihkan)';
