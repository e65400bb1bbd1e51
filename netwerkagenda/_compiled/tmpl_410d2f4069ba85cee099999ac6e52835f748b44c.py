from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'brief.en.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_w = missing
    pass
    l_0_w = {'launched': '%(name)s started on %(date)s.', 'running': '%(name)s has been running since %(date)s.', 'goals_in': 'In it we work on %(n)s %(goals)s: %(list)s.', 'goals_of': 'In %(name)s we work on %(n)s %(goals)s: %(list)s.', 'goal_one': 'goal', 'goal_many': 'goals', 'nothing_since': 'Nothing has changed since %(since)s.', 'nothing': 'Nothing has changed so far.', 'no_news_since': 'There is no news to report since %(since)s.', 'no_news': 'There is no news to report so far.', 'steps': 'We have taken steps since.', 'steps_many': 'We have taken many steps since.', 'steps_since': 'Since %(since)s we have taken further steps.', 'by_goal': 'Below we sum up what happened, goal by goal.', 'more_detail': 'A few topics in more detail.', 'figures': 'Indicators', 'section_network': 'Across all goals', 'section_other': 'Other', 'also': 'Also:', 'steering': 'Steering structure', 'when_none': 'in this period', 'when_one': 'on %(date)s', 'when_span': 'between %(a)s and %(b)s', 'verb_one': '', 'verb_many': '', 'the_one': '', 'the_many': '', 'formed': '%(When)s, %(groups)s started:', 'formed_besides': 'Besides the existing %(existing)s, %(groups)s started %(when)s:', 'outlook': 'Coming up', 'outlook_start': 'Being prepared: %(title)s; the start is planned for %(date)s.', 'outlook_due': '%(title)s is due to be finished on %(date)s.', 'outlook_due_quiet': '%(title)s is due to be finished on %(date)s; the last news of it dates from %(last)s.', 'finished_all': 'Finished', 'links': 'More information', 'more_info': 'You can read more about the progress in the [%(text)s](%(url)s).', 'covers': 'This report covers %(since)s up to and including %(until)s', 'covers_all': 'This report covers everything up to and including %(until)s', 'commits': ' and %(n)s %(commits)s, from %(first)s (%(first_date)s) to %(last)s (%(last_date)s)', 'commit_one': 'commit', 'commit_many': 'commits', 'no_commits': 'git has no commits in this period', 'no_git': 'no git history was used', 'editor': 'For the editor (not shown in the report)'}
    context.vars['w'] = l_0_w
    context.exported_vars.add('w')
    template = environment.get_template('brief.letter.md.j2', 'brief.en.md.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'w': l_0_w}))
    try:
        for event in gen:
            yield event
    finally: gen.close()

blocks = {}
debug_info = '3=12&49=15'