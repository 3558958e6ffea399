#!/usr/bin/env python3
"""Turns `tmux capture-pane -p -e` output (SGR colour escapes) into a
self-contained HTML page, for a screenshot of a terminal Neovim."""
import html
import re
import sys

BASE16 = ['#1e1e1e', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
          '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff']


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return '#%02x%02x%02x' % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return '#%02x%02x%02x' % (v, v, v)


def convert(text, fg0='#e0e2ea', bg0='#14161b'):
    out = []
    state = {'fg': None, 'bg': None, 'bold': False, 'italic': False, 'underline': False, 'reverse': False}
    pos = 0
    sgr = re.compile(r'\x1b\[([0-9;:]*)m')

    def span(chunk):
        if not chunk:
            return
        fg, bg = state['fg'] or fg0, state['bg']
        if state['reverse']:
            fg, bg = (bg or bg0), fg
        style = [f'color:{fg}']
        if bg:
            style.append(f'background:{bg}')
        if state['bold']:
            style.append('font-weight:bold')
        if state['italic']:
            style.append('font-style:italic')
        if state['underline']:
            style.append('text-decoration:underline')
        out.append(f'<span style="{";".join(style)}">{html.escape(chunk)}</span>')

    for m in sgr.finditer(text):
        span(text[pos:m.start()])
        pos = m.end()
        params = [p for p in re.split('[;:]', m.group(1))] or ['0']
        i = 0
        while i < len(params):
            p = int(params[i] or 0)
            if p == 0:
                state.update(fg=None, bg=None, bold=False, italic=False, underline=False, reverse=False)
            elif p == 1:
                state['bold'] = True
            elif p == 3:
                state['italic'] = True
            elif p in (4, 21):
                state['underline'] = True
            elif p == 7:
                state['reverse'] = True
            elif p == 22:
                state['bold'] = False
            elif p == 23:
                state['italic'] = False
            elif p == 24:
                state['underline'] = False
            elif p == 27:
                state['reverse'] = False
            elif 30 <= p <= 37:
                state['fg'] = BASE16[p - 30]
            elif 90 <= p <= 97:
                state['fg'] = BASE16[p - 90 + 8]
            elif 40 <= p <= 47:
                state['bg'] = BASE16[p - 40]
            elif 100 <= p <= 107:
                state['bg'] = BASE16[p - 100 + 8]
            elif p == 39:
                state['fg'] = None
            elif p == 49:
                state['bg'] = None
            elif p in (38, 48) and i + 1 < len(params):
                key = 'fg' if p == 38 else 'bg'
                if params[i + 1] == '2' and i + 4 < len(params):
                    r, g, b = (int(x or 0) for x in params[i + 2:i + 5])
                    state[key] = '#%02x%02x%02x' % (r, g, b)
                    i += 4
                elif params[i + 1] == '5' and i + 2 < len(params):
                    state[key] = xterm256(int(params[i + 2] or 0))
                    i += 2
            i += 1
    span(text[pos:])
    body = ''.join(out)
    return (
        '<!doctype html><meta charset="utf-8"><style>'
        f'body{{margin:0;background:{bg0}}}'
        f'pre{{display:inline-block;margin:0;padding:8px;color:{fg0};background:{bg0};'
        'font:14px/1.25 "DejaVu Sans Mono",monospace;white-space:pre}}'
        f'</style><pre>{body}</pre>'
    )


if __name__ == '__main__':
    sys.stdout.write(convert(sys.stdin.read()))
