from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'brief.nl.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_w = missing
    pass
    l_0_w = {'launched': '%(name)s is op %(date)s van start gegaan.', 'running': '%(name)s loopt sinds %(date)s.', 'goals_in': 'We werken daarin aan %(n)s %(goals)s: %(list)s.', 'goals_of': 'In %(name)s werken we aan %(n)s %(goals)s: %(list)s.', 'goal_one': 'opgave', 'goal_many': 'opgaven', 'nothing_since': 'Sinds %(since)s is er niets veranderd.', 'nothing': 'Tot nu toe is er niets veranderd.', 'no_news_since': 'Sinds %(since)s is er geen nieuws te melden.', 'no_news': 'Tot nu toe is er geen nieuws te melden.', 'steps': 'Er zijn sindsdien stappen gezet.', 'steps_many': 'Er zijn sindsdien veel stappen gezet.', 'steps_since': 'Sinds %(since)s zijn er weer stappen gezet.', 'by_goal': 'Hieronder vatten we per opgave samen wat er is gebeurd.', 'more_detail': 'Op een paar onderwerpen gaan we wat dieper in.', 'figures': 'Indicatoren', 'section_network': 'Voor alle opgaven', 'section_other': 'Overig', 'also': 'Verder:', 'steering': 'Netwerksturing', 'when_none': 'in deze periode', 'when_one': 'op %(date)s', 'when_span': 'tussen %(a)s en %(b)s', 'verb_one': 'is', 'verb_many': 'zijn', 'the_one': 'het', 'the_many': 'de', 'formed': '%(When)s %(verb)s %(groups)s van start gegaan:', 'formed_besides': 'Naast %(existing)s %(verb)s %(groups)s van start gegaan, %(when)s:', 'outlook': 'Vooruitblik', 'outlook_start': 'In voorbereiding: %(title)s; de start staat gepland voor %(date)s.', 'outlook_due': 'De afronding van %(title)s staat gepland voor %(date)s.', 'outlook_due_quiet': 'De afronding van %(title)s staat gepland voor %(date)s; het laatste bericht hierover is van %(last)s.', 'finished_all': 'Afgerond', 'links': 'Meer informatie', 'more_info': 'Meer informatie over de voortgang kun je lezen in de [%(text)s](%(url)s).', 'covers': 'Dit bericht beslaat %(since)s tot en met %(until)s', 'covers_all': 'Dit bericht beslaat alles tot en met %(until)s', 'commits': ' en %(n)s %(commits)s, van %(first)s (%(first_date)s) tot en met %(last)s (%(last_date)s)', 'commit_one': 'commit', 'commit_many': 'commits', 'no_commits': 'in git zijn er geen commits in deze periode', 'no_git': 'er is geen git-geschiedenis gebruikt', 'editor': 'Voor de opsteller (niet zichtbaar in het bericht)'}
    context.vars['w'] = l_0_w
    context.exported_vars.add('w')
    template = environment.get_template('brief.letter.md.j2', 'brief.nl.md.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'w': l_0_w}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

blocks = {}
debug_info = '4=12&50=15'