import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Question } from '../../../core/api/index.ts'
import { AnswerField, AnswersFields } from './answer-field.tsx'

afterEach(cleanup)

const QUESTIONS: Question[] = [
  { variable: 'SUBNET', label: 'Subnet', type: 'string', default: '10.42.0.0/16', required: true, description: 'The managed subnet.' },
  { variable: 'SUBNET_START_ADDRESS', label: 'Subnet Start Address', type: 'string', default: '', required: false },
  { variable: 'MTU', label: 'MTU for the network', type: 'int', default: '1500', required: true, min: 68, max: 9000 },
  { variable: 'COUNT', label: 'Count', type: 'int', required: true, min: 1 },
  { variable: 'RANCHER_PROMISCUOUS_MODE', label: 'Promiscuous mode', type: 'boolean', default: 'true', required: true },
  { variable: 'LOG_LEVEL', label: 'Log level', type: 'enum', options: ['info', 'debug'], default: 'info', required: true },
  { variable: 'PSK', label: 'PSK for IPsec', type: 'password', default: '', required: false },
  { variable: 'EXTRA', label: 'Extra routes', type: 'multiline', required: false },
  { variable: 'NAME', label: 'Name', type: 'string', required: false },
]

const question = (variable: string) => QUESTIONS.find((q) => q.variable === variable)!

/** The text of the elements that describe a field (its hint and its messages). */
const description = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')

function Form({ prefilled, initial = {} }: { prefilled: boolean; initial?: Record<string, string> }) {
  const [values, setValues] = useState(initial)
  return <AnswersFields questions={QUESTIONS} values={values} onChange={(k, v) => setValues((old) => ({ ...old, [k]: v }))} prefilled={prefilled} label="Answers" />
}

describe('AnswerField', () => {
  it('asks each question with an input of the kind answerKind gives it', () => {
    render(<Form prefilled={false} />)
    const group = screen.getByRole('group', { name: 'Answers' })

    const subnet = within(group).getByRole('textbox', { name: 'Subnet' }) as HTMLInputElement
    // A CIDR with a default: the default is the placeholder (it is what an empty answer takes).
    expect([subnet.type, subnet.placeholder, subnet.value]).toEqual(['text', '10.42.0.0/16', ''])
    // An address without a default: an example.
    expect((within(group).getByRole('textbox', { name: 'Subnet Start Address' }) as HTMLInputElement).placeholder).toBe('e.g. 10.42.0.2')
    const mtu = within(group).getByRole('spinbutton', { name: 'MTU for the network' }) as HTMLInputElement
    expect([mtu.min, mtu.max, mtu.step, mtu.placeholder]).toEqual(['68', '9000', '1', '1500'])
    expect((within(group).getByRole('checkbox', { name: 'Promiscuous mode' }) as HTMLInputElement).checked).toBe(true)
    expect(within(group).getByRole('combobox', { name: 'Log level' })).toBeTruthy()
    expect((within(group).getByLabelText('PSK for IPsec') as HTMLInputElement).type).toBe('password')
    expect(within(group).getByLabelText('Extra routes').tagName).toBe('TEXTAREA')
    expect(within(group).getByRole('textbox', { name: 'Name' }).getAttribute('placeholder')).toBeNull()
  })

  it('is named by the question label alone; the required mark is aria-hidden and outside the label', () => {
    render(<AnswerField question={question('COUNT')} value="" onChange={() => {}} prefilled />)
    const count = screen.getByRole('spinbutton', { name: 'Count' }) as HTMLInputElement
    expect(count.required).toBe(true)
    const label = document.querySelector(`label[for="${count.id}"]`)!
    expect(label.textContent).toBe('Count')
    expect(screen.getByLabelText('Count', { exact: true })).toBe(count)
    const mark = label.parentElement!.querySelector('.required-mark')!
    expect(mark.getAttribute('aria-hidden')).toBe('true')
    expect(label.contains(mark)).toBe(false)
    expect(description(count)).toContain('Required.')
  })

  it('describes each field: variable, kind, bounds, description and default', () => {
    render(<Form prefilled />)
    const subnet = screen.getByRole('textbox', { name: 'Subnet' })
    expect(description(subnet)).toBe('SUBNET · A subnet in CIDR notation, e.g. 10.42.0.0/16. · The managed subnet. · Default: 10.42.0.0/16 (when left empty).')
    expect(description(screen.getByRole('textbox', { name: 'Subnet Start Address' }))).toContain('An IPv4 address')
    expect(description(screen.getByRole('spinbutton', { name: 'MTU for the network' }))).toBe('MTU · int · From 68 to 9000 · Default: 1500 (when left empty).')
    expect(description(screen.getByRole('spinbutton', { name: 'Count' }))).toBe('COUNT · int · At least 1 · Required.')
    expect(description(screen.getByRole('checkbox', { name: 'Promiscuous mode' }))).toBe('RANCHER_PROMISCUOUS_MODE · boolean · Default: true.')
  })

  it('shows errors (aria-invalid) and warnings (still valid) under the field, linked by aria-describedby', () => {
    const { rerender } = render(<AnswerField question={question('SUBNET')} value="10.42.0.0/33" onChange={() => {}} errors={['SUBNET must be a CIDR', 'SUBNET must be a CIDR']} />)
    const subnet = screen.getByRole('textbox', { name: 'Subnet' })
    expect(subnet.getAttribute('aria-invalid')).toBe('true')
    const problems = document.getElementById(subnet.getAttribute('aria-describedby')!.split(' ')[1])!
    expect(problems.classList.contains('field-error')).toBe(true)
    expect(within(problems).getAllByRole('listitem')).toHaveLength(2)

    rerender(<AnswerField question={question('SUBNET')} value="10.42.0.0/16" onChange={() => {}} warnings={['host_ports is unusual']} />)
    expect(subnet.getAttribute('aria-invalid')).toBeNull()
    expect(description(subnet)).toContain('Warning: host_ports is unusual')

    rerender(<AnswerField question={question('SUBNET')} value="10.42.0.0/16" onChange={() => {}} />)
    expect(subnet.getAttribute('aria-describedby')!.split(' ')).toHaveLength(1)
  })

  it('unprefilled (template editor): an empty answer shows the default, the enum offers it, and a question with a default is not required', () => {
    render(<Form prefilled={false} />)
    const level = screen.getByRole('combobox', { name: 'Log level' }) as HTMLSelectElement
    expect(within(level).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default (info)', 'info', 'debug'])
    fireEvent.change(level, { target: { value: 'debug' } })
    // Back to the default stays possible.
    expect(within(level).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default (info)', 'info', 'debug'])
    expect((screen.getByRole('spinbutton', { name: 'MTU for the network' }) as HTMLInputElement).required).toBe(false)
    expect((screen.getByRole('spinbutton', { name: 'Count' }) as HTMLInputElement).required).toBe(true)
    expect(document.querySelectorAll('.required-mark')).toHaveLength(1)
  })

  it('prefilled (catalog page, Stacks screen): the enum lists the options only, required questions are marked', () => {
    render(<Form prefilled initial={{ MTU: '1500', LOG_LEVEL: 'info', RANCHER_PROMISCUOUS_MODE: 'false' }} />)
    const level = screen.getByRole('combobox', { name: 'Log level' }) as HTMLSelectElement
    expect(level.value).toBe('info')
    expect(within(level).getAllByRole('option').map((o) => o.textContent)).toEqual(['info', 'debug'])
    expect((screen.getByRole('spinbutton', { name: 'MTU for the network' }) as HTMLInputElement).required).toBe(true)
    expect((screen.getByRole('textbox', { name: 'Subnet' }) as HTMLInputElement).required).toBe(true)
    // A boolean is always answered: never required, never marked.
    const promiscuous = screen.getByRole('checkbox', { name: 'Promiscuous mode' }) as HTMLInputElement
    expect([promiscuous.checked, promiscuous.required]).toEqual([false, false])
    expect(document.querySelectorAll('.required-mark')).toHaveLength(4)
  })
})

describe('AnswersFields', () => {
  it('reports changes by variable and shows each problem under the field its path names', () => {
    const onChange = vi.fn()
    render(
      <AnswersFields
        questions={QUESTIONS}
        values={{ MTU: '50' }}
        onChange={onChange}
        errors={[
          { path: 'answers.MTU', message: 'MTU must be at least 68, got 50' },
          { path: 'name', message: 'not an answer' },
        ]}
        warnings={[{ path: 'answers.SUBNET', message: 'overlaps the hosts' }]}
      />,
    )
    expect(screen.queryByRole('group')).toBeNull()
    const mtu = screen.getByRole('spinbutton', { name: 'MTU for the network' })
    expect(mtu.getAttribute('aria-invalid')).toBe('true')
    expect(description(mtu)).toContain('MTU must be at least 68, got 50')
    expect(screen.getByRole('textbox', { name: 'Subnet' }).getAttribute('aria-invalid')).toBeNull()
    expect(description(screen.getByRole('textbox', { name: 'Subnet' }))).toContain('Warning: overlaps the hosts')
    expect(document.body.textContent).not.toContain('not an answer')

    fireEvent.change(mtu, { target: { value: '1400' } })
    fireEvent.click(screen.getByRole('checkbox', { name: 'Promiscuous mode' }))
    expect(onChange.mock.calls).toEqual([
      ['MTU', '1400'],
      ['RANCHER_PROMISCUOUS_MODE', 'false'],
    ])
  })

  it('renders nothing for a version without questions', () => {
    const { container } = render(<AnswersFields questions={[]} values={{}} onChange={() => {}} />)
    expect(container.innerHTML).toBe('')
  })
})
